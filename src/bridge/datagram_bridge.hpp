// DatagramBridge: one [[bridge]]: a channel mirrored to a multicast group or broadcast address.
// It is a chat::Endpoint attached to its channel (it hears every line, but is no member and
// shows in no NAMES), and an event::Watcher on its receiving socket.
//
//   channel -> group: deliver() turns PRIVMSG/NOTICE into datagrams ("<nick> text"), queues
//                     them, and flush() sends the queue with sendmmsg before the
//                     loop sleeps, or as soon as a full batch is queued.
//   group -> channel: each datagram heard becomes PRIVMSGs from the pseudo-user
//                     "udp-10-0-0-7!udp@10.0.0.7", rate-limited per sender, fanned out to the
//                     channel without this bridge, each with a msgid and server-time, and
//                     kept in the channel's history like a client's. Its own datagrams are
//                     recognised and dropped.
//
// Failures never reach the rest of chatd: a socket that cannot be opened or stops sending is
// closed, logged, and reopened by tick() with exponential back-off (1 s .. 60 s).
//
// Thread rules: everything is loop-only (the bridge thread's loop), except snapshot() and
// spec(), which are safe from any thread.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bridge/bridge_sockets.hpp"
#include "bridge/bridge_stats.hpp"
#include "bridge/rate_limiter.hpp"
#include "chat/endpoint.hpp"
#include "config/config.hpp"
#include "event/event_loop.hpp"
#include "event/fd_watch.hpp"
#include "irc/server_context.hpp"

namespace chatd::bridge {

class DatagramBridge final : public chat::Endpoint, public event::Watcher {
 public:
  DatagramBridge(config::BridgeSpec spec, event::EventLoop& loop, std::size_t loop_index, irc::ServerContext& context);
  ~DatagramBridge() override;

  void deliver(const chat::SharedLine& line) noexcept override;
  void on_io(std::uint32_t events) noexcept override;

  // Opens the sockets, or schedules another try.
  void open() noexcept;
  // Reopens a closed bridge once its back-off has passed.
  void tick(Clock::time_point now) noexcept;
  // Sends what deliver() queued.
  void flush() noexcept;
  void close() noexcept;

  const config::BridgeSpec& spec() const noexcept { return spec_; }
  BridgeStats snapshot() const noexcept { return counters_.snapshot(); }

 private:
  void fail(const std::string& why) noexcept;
  void receive() noexcept;
  void inject(const sys::SocketAddress& sender, std::string_view payload) noexcept;
  std::string name() const;

  const config::BridgeSpec spec_;
  irc::ServerContext& context_;
  std::optional<BridgeSockets> sockets_;  // empty while closed
  event::FdWatch watch_;                  // the rx socket, while open (after sockets_: goes first)
  std::vector<std::string> queue_;        // datagrams waiting for flush
  std::size_t queued_bytes_ = 0;
  std::vector<char> buffer_;  // one received datagram
  RateLimiter limiter_;
  BridgeCounters counters_;
  std::chrono::seconds backoff_{1};
  Clock::time_point retry_at_{};
  bool sent_since_open_ = false;
  bool send_failing_ = false;  // a send error was logged; quiet until one succeeds
};

}  // namespace chatd::bridge
