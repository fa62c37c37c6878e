// Fleet: many IRC client connections driven by one epoll loop on the calling thread. It
// connects them (plain TCP, TLS, WebSocket, or WebSocket over TLS) and registers them with
// bounded concurrency (so no server's connection throttle trips), answers PING, and hands
// every other line of a ready client to a LineSink. A server ERROR, a refused registration
// or a dropped connection is recorded with the server's own words and counted as a failure,
// so a run reports it instead of hanging.
//
// Thread rules: single-threaded; every method runs on the thread that created the Fleet.
#pragma once

#include <openssl/ssl.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tls_client.hpp"
#include "ws_client.hpp"

namespace chatd::bench {

enum class Role : std::uint8_t { subscriber, publisher, idle };

struct Client {
  enum class Phase : std::uint8_t { queued, connecting, handshaking, upgrading, registering, joining, ready, closed };
  int fd = -1;
  SSL* ssl = nullptr;             // TLS runs only
  std::unique_ptr<WsSession> ws;  // WebSocket runs only
  Role role = Role::idle;
  Phase phase = Phase::queued;
  bool writing = false;                 // EPOLLOUT armed
  bool dirty = false;                   // in the flush list
  std::uint32_t index = 0;              // within its role: nick s<index>, p<index>, i<index>
  std::string in;                       // a partial line carried to the next read
  std::string out;                      // unsent bytes
  std::vector<std::uint64_t> next_seq;  // subscribers: next sequence expected per publisher
};

class LineSink {
 public:
  // A line (without CR LF) received by a ready client, read at `now_ns` (CLOCK_MONOTONIC).
  // False leaves it to the fleet (PING, ERROR, anything the sink does not measure).
  virtual bool on_line(Client& client, std::string_view line, std::uint64_t now_ns) = 0;

 protected:
  ~LineSink() = default;
};

class Fleet {
 public:
  struct Settings {
    std::uint16_t port = 6667;
    std::string channel;           // joined after registration; empty: register only
    std::size_t max_pending = 64;  // connections being set up at once
    bool tls = false;              // every connection speaks TLS (a full handshake each)
    bool websocket = false;        // every connection speaks IRC over WebSocket (text.ircv3.net)
    // Several servers (the nodes of a cluster): subscriber i connects to ports[i % n], everyone
    // else to ports[0]. Empty: everyone to `port`.
    std::vector<std::uint16_t> ports;
  };

  explicit Fleet(Settings settings);
  ~Fleet();
  Fleet(const Fleet&) = delete;
  Fleet& operator=(const Fleet&) = delete;

  // Queues `count` more clients of `role`. REQUIRES: before the first establish().
  void add(Role role, std::size_t count);
  // Connects, registers (and joins) every queued client, one group of max_pending at a time.
  // False on the first failure or at the deadline; error() says why.
  bool establish(std::uint64_t deadline_ns);
  // One loop iteration: waits up to timeout_ms for input, dispatches it, flushes output.
  void poll(int timeout_ms);

  // Queues IRC lines (CR LF terminated) for a client, each in a frame of its own on a
  // WebSocket; written by the next poll() (or flush_all()).
  void queue(Client& client, std::string_view bytes);
  void flush_all();

  void set_sink(LineSink* sink) noexcept { sink_ = sink; }
  std::vector<Client>& clients() noexcept { return clients_; }
  std::size_t ready() const noexcept { return ready_; }
  std::size_t failures() const noexcept { return failures_; }
  const std::string& error() const noexcept { return error_; }
  std::size_t count(Role role) const;

 private:
  std::uint16_t port_of(const Client& client) const;
  void start_connect(std::size_t id);
  void on_event(std::size_t id, std::uint32_t events, std::uint64_t now_ns);
  void read_input(Client& client, std::uint64_t now_ns);
  void handle_line(Client& client, std::string_view line, std::uint64_t now_ns);
  void handle_setup_reply(Client& client, std::string_view line);
  void become_ready(Client& client);
  void fail(Client& client, std::string_view why);
  void flush(Client& client);
  void watch(Client& client, bool writing);
  void handshake(Client& client);
  void send_registration(Client& client);
  void start_session(Client& client);  // after connect and TLS: the upgrade, or registration
  void take_upgrade_answer(Client& client, std::string_view& data);
  void take_lines(Client& client, std::string_view data, std::uint64_t now_ns);
  void queue_raw(Client& client, std::string_view bytes);  // bytes as they go on the wire
  void mark_dirty(Client& client);
  // recv/send, through TLS when the run uses it; `want_write`: what to wait for on EAGAIN.
  ssize_t receive(Client& client, bool& want_write);
  ssize_t send_some(Client& client, bool& want_write);

  Settings settings_;
  std::unique_ptr<TlsClientContext> tls_;  // null: plaintext
  int epoll_ = -1;
  std::vector<Client> clients_;
  std::vector<std::size_t> dirty_;
  std::vector<char> buffer_;
  std::string decoded_;     // WebSocket runs: the lines of one read's frames
  std::string ws_replies_;  // WebSocket runs: pongs owed for one read's pings
  std::size_t next_to_start_ = 0;
  std::size_t pending_ = 0;
  std::size_t ready_ = 0;
  std::size_t failures_ = 0;
  std::string error_;
  LineSink* sink_ = nullptr;
};

}  // namespace chatd::bench
