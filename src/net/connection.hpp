// Connection: one accepted stream client (an IRC or line client on a worker, or chatctl on
// the admin socket), owned by one host loop for its whole life. It reads lines (through its
// transport, if it has one), queues output and lets its host flush it once per loop
// iteration; the protocol lives in subclasses (IRC, line, admin).
//
//   socket -> [Transport::receive] -> LineReader -> flood control -> on_line()
//   queue() -> [Transport::frame] -> OutputQueue -> [Transport::seal] -> writev / SendBatch
//
// Without a transport (plain TCP) nothing is copied on the way out: the shared formatted line
// is what the iovec points at (see net/transport.hpp for the layers).
//
// Thread rules: every method is loop-only (the host's loop). Other threads reach a client
// connection only through chat::Fanout, which posts to that loop.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "chat/endpoint.hpp"
#include "event/event_loop.hpp"
#include "event/fd_watch.hpp"
#include "metrics/loop_counters.hpp"
#include "net/connection_host.hpp"
#include "net/flood_bucket.hpp"
#include "net/line_reader.hpp"
#include "net/output_queue.hpp"
#include "net/send_batch.hpp"
#include "net/transport.hpp"
#include "sys/unique_fd.hpp"

namespace chatd::net {

// Per-connection caps, taken from the config when the connection is accepted
// (server/connection_limits.hpp); their defaults live in config::Limits only.
struct ConnectionLimits {
  std::size_t sendq = 0;  // unsent output before "SendQ exceeded"
  std::size_t recvq = 0;  // input held back by flood control before "Excess Flood"
  FloodBucket::Rates flood;
  bool count_traffic = true;  // adds to the client traffic counters (chatctl stats)
  // Seconds a transport may take to become ready (a TLS handshake) before the connection is
  // closed: the registration timeout, which the handshake counts against.
  std::chrono::seconds open_timeout{60};
};

class Connection : public event::Watcher, public std::enable_shared_from_this<Connection> {
 public:
  using Clock = std::chrono::steady_clock;

  enum class State {
    reading,    // the usual: input is read as it comes
    throttled,  // out of flood tokens: not reading; held lines run as tokens come back
    draining,   // no more input: closes once its output is written (a finished admin peer)
    doomed,     // past its sendq: queues nothing more, closes after the current batch
    closed,     // fd gone; the object is freed after the batch
  };

  // `transport` null: plain TCP, the zero-copy path.
  Connection(ConnectionHost& host, sys::UniqueFd fd, std::string peer_host, std::size_t max_line,
             const ConnectionLimits& limits, std::unique_ptr<Transport> transport = nullptr);
  virtual ~Connection();

  // Registers with the loop, and calls on_open() at once, or once the transport is ready
  // (after the TLS handshake). REQUIRES: owned by a shared_ptr.
  void start() noexcept;

  // Queues a line shared with other recipients (`lines` IRC lines in one buffer, for the
  // stats). Past the sendq cap the connection is closed with "SendQ exceeded" after the
  // current batch, never inline.
  void queue(const chat::SharedLine& line, std::size_t lines = 1) noexcept;
  // Queues a reply meant for this client alone (it may hold several lines: NAMES, a MOTD).
  void send(std::string text) noexcept;

  // Ends the connection: the subclass says goodbye (on_closed), the transport too, queued
  // output is written as far as the socket takes it without blocking, then the fd is
  // unregistered and closed. The object itself is freed after the current batch of events.
  void close(std::string_view reason) noexcept;
  // Stops reading; the connection closes once everything queued has been written.
  void drain() noexcept;
  State state() const noexcept { return state_; }
  bool closed() const noexcept { return state_ == State::closed; }

  // Called by the host once per loop iteration for dirty connections.
  void flush() noexcept;
  // The same, split for a host that sends many connections' output in one SendBatch: queue
  // this one's output on `batch` (false when the batch is full), then take the send's result.
  bool add_to_batch(SendBatch& batch) noexcept;
  void finish_batched(ssize_t result, std::size_t offered) noexcept;
  // Called by the host about once a second: an idle client gives back its queue's memory.
  void release_idle_memory() noexcept { output_.release(); }

  // Called by the host while this connection is throttled: runs the held lines the flood
  // bucket allows again and resumes reading once none are left. False once it no longer
  // needs calling (caught up, or closed).
  bool release_held() noexcept;

  // Charges the flood bucket for `lines` extra commands' worth of work done by the one being
  // handled; the following lines wait until the bucket has refilled (fake lag).
  void spend_flood_tokens(double lines) noexcept { flood_.charge(lines); }

  // Keeps `ticket` (an Admission slot) until the connection closes.
  void hold_until_close(std::shared_ptr<const void> ticket) noexcept { ticket_ = std::move(ticket); }

  // Called by the host before it sleeps while this connection holds part of a line (see
  // accept_unterminated_lines): ends that line once the client has paused long enough, and
  // says how much longer to wait otherwise. nullopt: nothing left to wait for.
  std::optional<Clock::duration> end_idle_line(Clock::time_point now) noexcept;

  // Called by the host about once a second: closes a connection whose transport did not get
  // ready within the open timeout, and runs on_tick once it is open.
  void tick(Clock::time_point now) noexcept;
  // Whether on_open() has run: the transport, if any, is ready.
  bool opened() const noexcept { return opened_; }
  // The server is shutting down: say so and close.
  virtual void on_shutdown() noexcept { close("Server shutting down"); }

  const std::string& host() const noexcept { return host_; }
  Clock::time_point last_input() const noexcept { return last_input_; }

 protected:
  virtual void on_open() noexcept {}
  // About once a second once open (ping, registration and idle timeouts).
  virtual void on_tick(Clock::time_point now) noexcept { (void)now; }
  // One received line without CR/LF. Return false once the connection was closed.
  virtual bool on_line(std::string_view line) noexcept = 0;
  // A line over the reader's limit was dropped. Return false once closed.
  virtual bool on_overlong() noexcept = 0;
  // Last words: remove the client from chat state and queue any final line (ERROR ...).
  virtual void on_closed(std::string_view reason) noexcept = 0;
  // The peer closed its sending side. A chat client is gone; a request/response peer (the
  // admin socket) overrides this to drain() and answer what it already asked.
  virtual void on_peer_closed() noexcept { close("Remote host closed the connection"); }

  // For clients that may not end their lines (the lab's client sends each message bare): the
  // text pending when the client disconnects is handed to on_line as its last line, and, when
  // `idle` > 0, so is a partial line after `idle` without input. Bytes arriving before that join
  // the line; a line end still ends it at once.
  void accept_unterminated_lines(std::chrono::milliseconds idle) noexcept;

  LineReader& reader() noexcept { return reader_; }
  // For socket options only; the connection keeps ownership.
  int fd() const noexcept { return fd_.get(); }
  // The transport (null: plain TCP), for what it knows about the peer.
  const Transport* transport() const noexcept { return transport_.get(); }

 private:
  void on_io(std::uint32_t events) noexcept override;
  // Runs on_open() the first time the transport is ready. False once the connection closed.
  bool open_when_ready() noexcept;
  void read_input() noexcept;
  // Hands decoded bytes to the line reader. False once the connection closed or stopped reading.
  bool take_bytes(std::string_view bytes) noexcept;
  // Runs one received line, or holds it back when the flood bucket is empty. False once closed.
  bool take_line(std::string_view line) noexcept;
  // Runs the pending partial line, if any, as a complete one. False once closed.
  bool take_partial_line() noexcept;
  // The socket said end of input (`n` == 0) or failed: the pending partial line goes first.
  void end_of_input(ssize_t n, int err) noexcept;
  void mark_dirty() noexcept;
  void pause_reading() noexcept;
  void watch_output(bool on) noexcept;

  // The output path, shared by flush() and the batched send: lines pass through the sealing
  // transport if there is one, then the unsent bytes are gathered, sent, and consumed.
  bool seal_output() noexcept;
  int gather(iovec* iov, int max) const noexcept;
  void consume(std::size_t sent) noexcept;
  std::size_t unsent_bytes() const noexcept;
  // Takes the result of sending `offered` bytes (bytes sent, or -errno); true when all of it
  // went and more is waiting, so the caller may send again.
  bool take_send_result(ssize_t result, std::size_t offered) noexcept;
  // Nothing sendable is left: stop watching for EPOLLOUT; a draining connection is done.
  void output_written() noexcept;
  // Client traffic goes to the counters of the loop this runs on; chatctl's own requests
  // (counts_traffic_ false) are not client traffic.
  void count(metrics::Counter metrics::LoopCounters::*counter, std::uint64_t n) const noexcept;

  ConnectionHost& host_loop_;
  sys::UniqueFd fd_;
  event::FdWatch watch_;
  std::unique_ptr<Transport> transport_;  // null: plain TCP
  std::string host_;
  LineReader reader_;
  OutputQueue output_;
  std::size_t sendq_;
  std::size_t recvq_;
  FloodBucket flood_;
  // Lines received but held back by flood control, each ending in '\n'; they run in order
  // before anything newer, so fake lag delays a client's lines and never drops them.
  std::string held_;
  std::shared_ptr<const void> ticket_;
  Clock::time_point last_input_;
  Clock::time_point accepted_at_;
  std::chrono::seconds open_timeout_;
  Clock::duration partial_idle_{};  // > 0: a partial line ends after this long without input
  bool unterminated_lines_ = false;
  bool partial_watched_ = false;  // on the host's list of connections holding a partial line
  State state_ = State::reading;
  bool opened_ = false;     // on_open() has run
  bool first_read_ = true;  // nothing received yet (a TLS hello on a plain port shows here)
  bool dirty_ = false;      // on the host's dirty list
  bool counts_traffic_;
};

}  // namespace chatd::net
