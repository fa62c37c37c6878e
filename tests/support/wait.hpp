// Bounded waits for tests: a deadline, polling until a condition holds, and running a call
// that must finish. Tests wait for events this way instead of measuring how long something
// took (timing belongs to `make bench`). Header-only, so unit tests can use it too.
// Nothing here is thread-safe beyond what each function says.
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <thread>

namespace chatd::test {

inline void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// A point timeout_ms from now, for loops that wait on several things at once.
class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  explicit Deadline(int timeout_ms) : end_(Clock::now() + std::chrono::milliseconds(timeout_ms)) {}

  bool passed() const { return Clock::now() >= end_; }
  // What is left, never below 0: a timeout for the next blocking read.
  int remaining_ms() const {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end_ - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
  }
  Clock::time_point when() const { return end_; }

 private:
  Clock::time_point end_;
};

// Calls `done` every step_ms until it returns true or timeout_ms have passed; returns its last
// answer. For state that only shows by polling (a log file, a process table).
inline bool wait_until(const std::function<bool()>& done, int timeout_ms = 5000, int step_ms = 10) {
  const Deadline deadline(timeout_ms);
  while (!done()) {
    if (deadline.passed()) return false;
    sleep_ms(step_ms);
  }
  return true;
}

// Runs `work` on a thread of its own and waits up to timeout_ms for it to return: true if it
// did. A call that never returns (an endless loop, exponential backtracking) fails the test
// instead of hanging it; its thread is left behind, detached, until the process exits.
inline bool finishes_within(int timeout_ms, std::function<void()> work) {
  auto finished = std::make_shared<std::promise<void>>();
  auto result = finished->get_future();
  std::thread([finished, work = std::move(work)] {
    work();
    finished->set_value();
  }).detach();
  return result.wait_for(std::chrono::milliseconds(timeout_ms)) == std::future_status::ready;
}

}  // namespace chatd::test
