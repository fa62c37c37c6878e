// Worker: one I/O thread with its own EventLoop and the connections it owns. Accepted sockets
// are handed to a worker once and stay there; the worker reads them, runs their commands,
// and flushes every connection that got output exactly once per loop iteration, before the
// loop sleeps (Redis' beforeSleep), so N deliveries in a burst cost one writev each. Under
// sustained fan-out the flushes are paced (see flush_dirty) so that bursts stay bursts.
//
// Thread rules: index(), loop().post() and start()/join() are safe from any thread;
// everything else is loop-only (checked: EventLoop::assert_in_loop).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <span>
#include <thread>
#include <unordered_map>
#include <vector>

#include "event/event_loop.hpp"
#include "metrics/loop_counters.hpp"
#include "net/connection.hpp"
#include "net/connection_host.hpp"
#include "net/send_batch.hpp"

namespace chatd::net {

class Worker final : public ConnectionHost {
 public:
  // batched_sends: try io_uring for wide flushes (falls back to writev when unavailable).
  Worker(std::size_t index, bool batched_sends);
  ~Worker();

  std::size_t index() const noexcept { return index_; }
  event::EventLoop& loop() noexcept override { return loop_; }

  // Starts the thread running the loop; join() waits for it after loop().stop().
  void start();
  void join();

  // Loop-only: takes ownership of a new connection and starts it.
  void adopt(std::shared_ptr<Connection> connection);
  // ConnectionHost, loop-only. A throttled connection is offered its held lines every
  // kThrottleTick until it has caught up.
  void forget(Connection* connection) noexcept override;
  void mark_dirty(std::shared_ptr<Connection> connection) noexcept override;
  void throttle(std::shared_ptr<Connection> connection) noexcept override;
  // Connections holding part of a line are looked at before each sleep until done.
  void watch_partial(std::shared_ptr<Connection> connection) noexcept override;
  std::span<char> scratch() noexcept override { return scratch_; }

  // Loop-only: tells every connection the server is going away.
  void shutdown_all() noexcept;
  // Whether wide flushes go through io_uring (fixed at construction).
  bool batched_sends() const noexcept { return batch_ != nullptr; }
  // This worker's counters (bound to its thread: metrics::this_loop() there). Reading the
  // Counter fields is safe from any thread.
  const metrics::LoopCounters& counters() const noexcept { return metrics_; }

 private:
  void flush_dirty() noexcept;
  void flush_batched() noexcept;
  void tick() noexcept;
  void release_throttled() noexcept;
  // Before each sleep: ends the partial lines whose clients have paused long enough, and wakes
  // the loop in time for the next one.
  void end_idle_lines() noexcept;

  std::size_t index_;
  event::EventLoop loop_;
  metrics::LoopCounters metrics_;
  std::thread thread_;
  std::unordered_map<Connection*, std::shared_ptr<Connection>> connections_;
  std::vector<std::shared_ptr<Connection>> dirty_;
  std::vector<std::shared_ptr<Connection>> flushing_;
  std::vector<std::shared_ptr<Connection>> throttled_;
  std::vector<std::shared_ptr<Connection>> partial_;  // holding a partial line (watch_partial)
  std::vector<char> scratch_;
  std::unique_ptr<SendBatch> batch_;  // null: one writev per connection
  std::chrono::steady_clock::time_point last_wide_flush_{};
};

}  // namespace chatd::net
