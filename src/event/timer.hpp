// Timer: a timerfd in one EventLoop that runs a task once after a delay, or every period.
// Owned by whoever needs it (the loop's own periodic jobs, an acceptor waiting to resume);
// destroying it cancels it.
//
// Thread rules: loop-only (the loop given at construction).
#pragma once

#include <chrono>

#include "event/event_loop.hpp"
#include "event/fd_watch.hpp"
#include "event/task.hpp"
#include "sys/unique_fd.hpp"

namespace chatd::event {

class Timer final : public Watcher {
 public:
  // Throws std::system_error when no timerfd can be made (start-up only).
  Timer(EventLoop& loop, Task fn);
  ~Timer() { watch_.cancel(); }

  // Runs the task once, `delay` from now (replacing any earlier schedule).
  void schedule(std::chrono::nanoseconds delay) noexcept;
  // Runs the task every `period`, first after one period.
  void schedule_every(std::chrono::nanoseconds period) noexcept;
  void cancel() noexcept;
  bool pending() const noexcept { return pending_; }

 private:
  void on_io(std::uint32_t events) noexcept override;
  void arm(std::chrono::nanoseconds first, std::chrono::nanoseconds period) noexcept;

  sys::UniqueFd fd_;
  FdWatch watch_;
  Task fn_;
  bool pending_ = false;
  bool periodic_ = false;
};

}  // namespace chatd::event
