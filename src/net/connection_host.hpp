// ConnectionHost: what a Connection needs from the loop that owns it: the loop itself, a read
// buffer shared by all its connections, and the lists the host walks (dirty connections to
// flush before the loop sleeps, throttled ones to feed as tokens return, and the owned ones).
// net::Worker hosts client connections; admin::AdminServer hosts chatctl's on the main loop.
//
// Thread rules: loop-only (the host's loop), like the connections it hosts.
#pragma once

#include <cstddef>
#include <memory>
#include <span>

#include "event/event_loop.hpp"

namespace chatd::net {

class Connection;

class ConnectionHost {
 public:
  virtual event::EventLoop& loop() noexcept = 0;
  // A read buffer: only a partial line is ever copied out of it, which keeps idle
  // connections small.
  virtual std::span<char> scratch() noexcept = 0;
  // The connection has output to write before the loop sleeps.
  virtual void mark_dirty(std::shared_ptr<Connection> connection) noexcept = 0;
  // The connection stopped reading for flood control; offer it its held lines as tokens return.
  virtual void throttle(std::shared_ptr<Connection> connection) noexcept = 0;
  // The connection closed: drop ownership after the current batch of events.
  virtual void forget(Connection* connection) noexcept = 0;
  // The connection holds part of a line that a pause in its input completes
  // (Connection::accept_unterminated_lines): call its end_idle_line() before each sleep until
  // it says it is done. Only hosts of line clients (the workers) need to.
  virtual void watch_partial(std::shared_ptr<Connection> connection) noexcept { (void)connection; }

  // `n` more lines were queued (flush pacing counts them). Not virtual: it runs per delivery.
  void count_lines(std::size_t n) noexcept { queued_lines_ += n; }

 protected:
  ~ConnectionHost() = default;
  std::size_t queued_lines_ = 0;  // lines queued since the host's last flush
};

}  // namespace chatd::net
