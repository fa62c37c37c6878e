// EventLoop: one epoll reactor, run by exactly one thread for its whole life (muduo's
// "one loop per thread"). Every fd registered here belongs to that thread; other threads
// talk to it only through post().
//
// Thread rules: post(), stop(), in_loop_thread() and busy_time() are safe from any thread; every other
// method is loop-only (REQUIRES: in_loop_thread(), or the loop is not running yet), and
// checks it with assert_in_loop(). Fds are registered through event::FdWatch, which never
// owns its fd: whoever owns the UniqueFd cancels the watch before closing.
#pragma once

#include <sys/epoll.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "event/task.hpp"
#include "sys/mutex.hpp"
#include "sys/unique_fd.hpp"

namespace chatd::event {

// What the loop calls when a registered fd is ready. Callbacks must not throw.
class Watcher {
 public:
  virtual void on_io(std::uint32_t events) noexcept = 0;

 protected:
  ~Watcher() = default;
};

class FdWatch;
class Timer;

class EventLoop {
 public:
  using Task = event::Task;

  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Runs on the calling thread until stop(); that thread becomes the loop thread.
  void run();

  // Safe from any thread: runs `task` on the loop thread, in FIFO order with other posts.
  void post(Task task);
  // Safe from any thread: run() returns after the current iteration.
  void stop();
  bool in_loop_thread() const noexcept { return std::this_thread::get_id() == thread_id_.load(); }
  // Safe from any thread: how long run() has spent working rather than waiting in epoll (the
  // metrics endpoint's loop busy seconds), up to the loop's latest sleep.
  std::chrono::nanoseconds busy_time() const noexcept {
    return std::chrono::nanoseconds(busy_ns_.load(std::memory_order_relaxed));
  }
  // Ends the process (through sys::die, which logs) when a loop-only method is called off the
  // loop's thread while the loop runs. On in builds without NDEBUG (the default and sanitizer
  // builds): a thread-rule slip is a crash with a message in the log, not a silent race. A
  // loop that is not running (being set up, or stopped) belongs to whoever holds it.
  void assert_in_loop(const char* what) const noexcept {
#ifndef NDEBUG
    if (in_run_.load(std::memory_order_relaxed) && current() != this) wrong_thread(what);
#else
    (void)what;
#endif
  }

  // Called once per iteration, after events and posted tasks and right before the loop may
  // sleep: the place to flush every dirty connection once (Redis' beforeSleep).
  void set_before_sleep(Task fn) { before_sleep_ = std::move(fn); }
  // Loop-only: the loop's next sleep lasts at most `limit` (for work held back on purpose,
  // such as a paced flush). Applies to the next wait only.
  void wake_within(std::chrono::nanoseconds limit) noexcept;
  // Runs `fn` on this loop every `period`, first after one period.
  void every(std::chrono::milliseconds period, Task fn);
  // Runs `fn` after the current batch of events: objects a callback drops are freed here,
  // never while another event of the same batch may still point at them.
  void defer(Task fn) {
    assert_in_loop("EventLoop::defer");
    deferred_.push_back(std::move(fn));
  }

  // The loop whose thread is the caller, or nullptr.
  static EventLoop* current() noexcept { return current_; }

 private:
  friend class FdWatch;
  // epoll_ctl on this loop's epoll fd; 0 or the errno. Only FdWatch registers fds.
  int control(int op, int fd, std::uint32_t events, Watcher* watcher) noexcept;
  [[noreturn]] static void wrong_thread(const char* what) noexcept;
  void run_posted();
  void run_deferred();
  // epoll_wait bounded by sleep_limit_.
  int wait(epoll_event* events, int max);

  sys::UniqueFd epoll_;
  sys::UniqueFd wake_;
  std::atomic<std::thread::id> thread_id_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> in_run_{false};        // inside run()
  std::atomic<std::uint64_t> busy_ns_{0};  // written by the loop thread only (a plain store)
  sys::Mutex mutex_;
  std::vector<Task> posted_ GUARDED_BY(mutex_);
  std::vector<Task> running_;  // loop-only: the batch being run, kept to reuse its capacity
  std::vector<Task> deferred_;
  Task before_sleep_;
  std::chrono::nanoseconds sleep_limit_{-1};  // < 0: sleep until an event
  bool no_pwait2_ = false;                    // the kernel lacks epoll_pwait2
  std::vector<std::unique_ptr<Timer>> timers_;
  static inline thread_local EventLoop* current_ = nullptr;  // set by run()
};

}  // namespace chatd::event
