// Connection: one accepted TCP client, owned by one Worker for its whole life (created on the
// worker's loop, never touched by another thread). It reads lines, queues output and lets the
// worker flush it once per loop iteration; the protocol lives in subclasses (IRC, line).
//
// Thread rules: every method is loop-only (the owning worker's loop). Other threads reach a
// connection only through chat::Fanout, which posts to that loop.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "chat/endpoint.hpp"
#include "event/event_loop.hpp"
#include "net/flood_bucket.hpp"
#include "net/line_reader.hpp"
#include "net/output_queue.hpp"
#include "net/send_batch.hpp"
#include "sys/socket_address.hpp"
#include "sys/unique_fd.hpp"

namespace chatd::net {

class Worker;

// Per-connection caps, taken from the config when the connection is accepted
// (server/connection_limits.hpp); their defaults live in config::Limits only.
struct ConnectionLimits {
  std::size_t sendq = 0;  // unsent output before "SendQ exceeded"
  std::size_t recvq = 0;  // input held back by flood control before "Excess Flood"
  FloodBucket::Rates flood;
};

class Connection : public event::Watcher, public chat::Endpoint, public std::enable_shared_from_this<Connection> {
 public:
  using Clock = std::chrono::steady_clock;

  Connection(Worker& worker, sys::UniqueFd fd, const sys::SocketAddress& peer, std::size_t max_line,
             const ConnectionLimits& limits);
  ~Connection() override;

  // Registers with the loop and calls on_open(). REQUIRES: owned by a shared_ptr.
  void start() noexcept;

  // Queues a line shared with other recipients. Past the sendq cap the connection is closed
  // with "SendQ exceeded" after the current batch, never inline.
  void deliver(const chat::SharedLine& line) noexcept override;
  // Queues a reply meant for this client alone.
  void send(std::string text) noexcept;

  // Ends the connection: the subclass says goodbye (on_closed), queued output is written as
  // far as the socket takes it without blocking, then the fd is unregistered and closed. The
  // object itself is freed after the current batch of events.
  void close(std::string_view reason) noexcept;
  bool closed() const noexcept { return closed_; }

  // Called by the worker once per loop iteration for dirty connections.
  void flush() noexcept;
  // The same, split for a worker that sends many connections' output in one SendBatch: queue
  // this one's output on `batch` (false when the batch is full), then take the send's result.
  bool add_to_batch(SendBatch& batch) noexcept;
  void finish_batched(ssize_t result, std::size_t offered) noexcept;
  // Called by the worker about once a second: an idle client gives back its queue's memory.
  void release_idle_memory() noexcept { output_.release(); }

  // Called by the worker while this connection is throttled: runs the held lines the flood
  // bucket allows again and resumes reading once none are left. False once it no longer
  // needs calling (caught up, or closed).
  bool release_held() noexcept;

  // Charges the flood bucket for `lines` extra commands' worth of work done by the one being
  // handled; the following lines wait until the bucket has refilled (fake lag).
  void spend_flood_tokens(double lines) noexcept { flood_.charge(lines); }

  // Keeps `ticket` (an Admission slot) until the connection closes.
  void hold_until_close(std::shared_ptr<const void> ticket) noexcept { ticket_ = std::move(ticket); }

  // Called by the worker about once a second (ping and registration timeouts).
  virtual void on_tick(Clock::time_point now) noexcept { (void)now; }
  // The server is shutting down: say so and close.
  virtual void on_shutdown() noexcept { close("Server shutting down"); }

  const std::string& host() const noexcept { return host_; }
  Worker& worker() noexcept { return worker_; }
  Clock::time_point last_input() const noexcept { return last_input_; }
  std::size_t queued_bytes() const noexcept { return output_.bytes(); }

 protected:
  virtual void on_open() noexcept {}
  // One received line without CR/LF. Return false once the connection was closed.
  virtual bool on_line(std::string_view line) noexcept = 0;
  // A line over the reader's limit was dropped. Return false once closed.
  virtual bool on_overlong() noexcept = 0;
  // Last words: remove the client from chat state and queue any final line (ERROR ...).
  virtual void on_closed(std::string_view reason) noexcept = 0;

  LineReader& reader() noexcept { return reader_; }
  // For socket options only; the connection keeps ownership.
  int fd() const noexcept { return fd_.get(); }

 private:
  void on_io(std::uint32_t events) noexcept override;
  void read_input() noexcept;
  // Runs one received line, or holds it back when the flood bucket is empty. False once closed.
  bool take_line(std::string_view line) noexcept;
  void mark_dirty() noexcept;
  void after_write(OutputQueue::Flush result) noexcept;
  void watch_output(bool on) noexcept;
  // Updates the epoll mask from reading_ and watching_output_.
  void rearm() noexcept;
  void pause_reading() noexcept;

  Worker& worker_;
  sys::UniqueFd fd_;
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
  bool closed_ = false;
  bool dirty_ = false;
  bool watching_output_ = false;
  bool reading_ = true;
  bool doomed_ = false;
};

}  // namespace chatd::net
