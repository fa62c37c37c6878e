// HealthCheck: asks every worker loop to answer and reports whether all did within the
// deadline. It posts one task to each worker (the loops metrics::for_each_loop knows); each
// task posts a reply back to the main loop, where the check counts them; a timer ends the wait.
// A worker stuck in a long task, a deadlock or an endless loop never replies, so the answer is
// "unhealthy" after the deadline instead of hanging the caller.
//
// Thread rules: start() and the callback run on the main loop (the loop given to start()).
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "event/event_loop.hpp"
#include "event/timer.hpp"

namespace chatd::metrics {

class HealthCheck : public std::enable_shared_from_this<HealthCheck> {
 public:
  // healthy: every worker replied in time. Called exactly once, on `loop`, unless the check is
  // destroyed first (then never).
  using Done = std::function<void(bool healthy, std::size_t workers, std::size_t replied)>;

  // Starts a check; the returned object must be kept until Done runs (destroying it cancels).
  static std::shared_ptr<HealthCheck> start(event::EventLoop& loop, std::chrono::milliseconds deadline, Done done);

  HealthCheck(event::EventLoop& loop, Done done);
  bool finished() const noexcept { return !done_; }

 private:
  void replied() noexcept;
  void finish(bool healthy) noexcept;

  event::EventLoop& loop_;
  Done done_;
  event::Timer timer_;
  std::size_t workers_ = 0;
  std::size_t replied_ = 0;
};

}  // namespace chatd::metrics
