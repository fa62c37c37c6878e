#include "event/event_loop.hpp"

#include <sys/eventfd.h>

#include <cerrno>

#include "event/timer.hpp"
#include "sys/error.hpp"
#include "sys/fatal.hpp"

namespace chatd::event {

namespace {
constexpr int kMaxEvents = 256;
}  // namespace

EventLoop::EventLoop() : thread_id_(std::this_thread::get_id()) {
  epoll_.reset(::epoll_create1(EPOLL_CLOEXEC));
  if (!epoll_) sys::throw_errno("epoll_create1");
  wake_.reset(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!wake_) sys::throw_errno("eventfd");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;  // nullptr marks the wake-up fd
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, wake_.get(), &ev) < 0) sys::throw_errno("epoll_ctl(wake)");
}

EventLoop::~EventLoop() = default;

void EventLoop::wrong_thread(const char* what) noexcept {
  sys::die(std::string(what) + ": loop-only call from another thread");
}

int EventLoop::control(int op, int fd, std::uint32_t events, Watcher* watcher) noexcept {
  assert_in_loop("EventLoop::control");
  epoll_event ev{};
  ev.events = events;
  ev.data.ptr = watcher;
  return ::epoll_ctl(epoll_.get(), op, fd, &ev) < 0 ? errno : 0;
}

void EventLoop::every(std::chrono::milliseconds period, Task fn) {
  assert_in_loop("EventLoop::every");
  timers_.push_back(std::make_unique<Timer>(*this, std::move(fn)));
  timers_.back()->schedule_every(period);
}

void EventLoop::post(Task task) {
  bool was_empty;
  {
    sys::MutexLock lock(mutex_);
    was_empty = posted_.empty();
    posted_.push_back(std::move(task));
  }
  // Only the first post of a batch pays for the syscall; the loop drains the whole batch.
  if (was_empty) {
    std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_.get(), &one, sizeof one);
  }
}

void EventLoop::stop() {
  stopping_ = true;
  post([] {});
}

void EventLoop::run_posted() {
  {
    sys::MutexLock lock(mutex_);
    running_.swap(posted_);
  }
  for (auto& task : running_) task();
  running_.clear();
}

void EventLoop::run_deferred() {
  // A deferred task may defer more; run until quiet.
  while (!deferred_.empty()) {
    auto batch = std::move(deferred_);
    deferred_.clear();
    for (auto& fn : batch) fn();
  }
}

void EventLoop::wake_within(std::chrono::nanoseconds limit) noexcept {
  assert_in_loop("EventLoop::wake_within");
  if (limit.count() < 0) limit = std::chrono::nanoseconds(0);
  if (sleep_limit_.count() < 0 || limit < sleep_limit_) sleep_limit_ = limit;
}

int EventLoop::wait(epoll_event* events, int max) {
  if (sleep_limit_.count() < 0) return ::epoll_wait(epoll_.get(), events, max, -1);
  // epoll_pwait2 for a timeout finer than epoll_wait's milliseconds: a paced flush may wait
  // a fraction of one, and rounding every wait up would add a millisecond each time.
  if (!no_pwait2_) {
    timespec limit{static_cast<time_t>(sleep_limit_.count() / 1000000000),
                   static_cast<long>(sleep_limit_.count() % 1000000000)};
    int n = ::epoll_pwait2(epoll_.get(), events, max, &limit, nullptr);
    if (n >= 0 || errno != ENOSYS) return n;
    no_pwait2_ = true;  // a kernel before 5.11
  }
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(sleep_limit_).count();
  return ::epoll_wait(epoll_.get(), events, max, static_cast<int>(ms));
}

void EventLoop::run() {
  thread_id_ = std::this_thread::get_id();
  current_ = this;
  in_run_ = true;
  epoll_event events[kMaxEvents];
  auto awake_since = std::chrono::steady_clock::now();
  while (!stopping_) {
    // Two clock reads per iteration, none per event: the busy time is what lies between waits.
    const auto asleep_at = std::chrono::steady_clock::now();
    const auto busy = static_cast<std::uint64_t>((asleep_at - awake_since).count());
    busy_ns_.store(busy_ns_.load(std::memory_order_relaxed) + busy, std::memory_order_relaxed);
    int n = wait(events, kMaxEvents);
    awake_since = std::chrono::steady_clock::now();
    sleep_limit_ = std::chrono::nanoseconds(-1);
    if (n < 0 && errno != EINTR) sys::throw_errno("epoll_wait");
    // Work other loops posted before this input arrived happened before it: run it first,
    // or a client could see the effects of two other clients' commands out of order.
    run_posted();
    run_deferred();
    for (int i = 0; i < n; ++i) {
      auto* watcher = static_cast<Watcher*>(events[i].data.ptr);
      if (watcher) {
        watcher->on_io(events[i].events);
      } else {
        std::uint64_t count;
        [[maybe_unused]] auto r = ::read(wake_.get(), &count, sizeof count);
      }
    }
    run_deferred();
    run_posted();
    run_deferred();
    if (before_sleep_) before_sleep_();
    run_deferred();
  }
  run_posted();
  run_deferred();
  in_run_ = false;
  current_ = nullptr;
}

}  // namespace chatd::event
