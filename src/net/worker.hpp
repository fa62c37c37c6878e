// Worker: one I/O thread with its own EventLoop and the connections it owns. Accepted sockets
// are handed to a worker once and stay there; the worker reads them, runs their commands,
// and flushes every connection that got output exactly once per loop iteration, before the
// loop sleeps (Redis' beforeSleep), so N deliveries in a burst cost one writev each. Under
// sustained fan-out the flushes are paced (see flush_dirty) so that bursts stay bursts.
//
// Thread rules: index(), loop().post(), connection_count() and start()/join() are safe from
// any thread; everything else is loop-only.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <thread>
#include <unordered_map>
#include <vector>

#include "event/event_loop.hpp"
#include "net/connection.hpp"
#include "net/send_batch.hpp"

namespace chatd::net {

class Worker {
 public:
  // batched_sends: try io_uring for wide flushes (falls back to writev when unavailable).
  Worker(std::size_t index, bool batched_sends);
  ~Worker();

  std::size_t index() const noexcept { return index_; }
  event::EventLoop& loop() noexcept { return loop_; }

  // Starts the thread running the loop; join() waits for it after loop().stop().
  void start();
  void join();

  // Loop-only: takes ownership of a new connection and starts it.
  void adopt(std::shared_ptr<Connection> connection);
  // Loop-only: drops ownership after the current batch (called by Connection::close).
  void forget(Connection* connection) noexcept;
  // Loop-only: the connection has output to flush before the loop sleeps.
  void mark_dirty(std::shared_ptr<Connection> connection) noexcept;
  // Loop-only: `n` more lines are queued on this worker (flush pacing and stats count them).
  void count_lines(std::size_t n) noexcept {
    queued_lines_ += n;
    lines_out_ += n;
  }
  // Loop-only: the connection stopped reading for flood control; it is offered its held
  // lines every kThrottleTick until it has caught up.
  void throttle(std::shared_ptr<Connection> connection) noexcept;
  // Loop-only: the connection holds part of a line that a pause in its input completes
  // (Connection::accept_unterminated_lines); it is looked at before each sleep until done.
  void watch_partial(std::shared_ptr<Connection> connection) noexcept;
  // Loop-only: tells every connection the server is going away.
  void shutdown_all() noexcept;

  // Loop-only: a read buffer shared by all this worker's connections; only a partial line
  // is ever copied out of it, which keeps idle connections small.
  std::span<char> scratch() noexcept { return scratch_; }

  std::size_t connection_count() const noexcept { return count_.load(std::memory_order_relaxed); }
  // Whether wide flushes go through io_uring (fixed at construction).
  bool batched_sends() const noexcept { return batch_ != nullptr; }

 private:
  void flush_dirty() noexcept;
  void flush_batched() noexcept;
  void tick() noexcept;
  void release_throttled() noexcept;
  // Before each sleep: ends the partial lines whose clients have paused long enough, and wakes
  // the loop in time for the next one.
  void end_idle_lines() noexcept;
  // Appends `connection` to one of the lists above, or closes it with `reason` when that fails.
  static void keep_on(std::vector<std::shared_ptr<Connection>>& list, std::shared_ptr<Connection> connection,
                      const char* reason) noexcept;

  std::size_t index_;
  event::EventLoop loop_;
  std::thread thread_;
  std::unordered_map<Connection*, std::shared_ptr<Connection>> connections_;
  std::vector<std::shared_ptr<Connection>> dirty_;
  std::vector<std::shared_ptr<Connection>> flushing_;
  std::vector<std::shared_ptr<Connection>> throttled_;
  std::vector<std::shared_ptr<Connection>> partial_;  // holding a partial line (watch_partial)
  std::vector<char> scratch_;
  std::unique_ptr<SendBatch> batch_;  // null: one writev per connection
  std::atomic<std::size_t> count_{0};
  std::chrono::steady_clock::time_point last_wide_flush_{};
  std::size_t queued_lines_ = 0;  // lines delivered since the last flush
  std::size_t lines_out_ = 0;     // lines delivered since they were last added to stats
};

}  // namespace chatd::net
