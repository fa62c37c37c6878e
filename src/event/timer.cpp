#include "event/timer.hpp"

#include <sys/timerfd.h>

#include "sys/error.hpp"
#include "sys/fatal.hpp"

namespace chatd::event {

namespace {
timespec to_timespec(std::chrono::nanoseconds d) {
  return timespec{static_cast<time_t>(d.count() / 1000000000), static_cast<long>(d.count() % 1000000000)};
}
}  // namespace

Timer::Timer(EventLoop& loop, Task fn) : watch_(loop, *this), fn_(std::move(fn)) {
  fd_.reset(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
  if (!fd_) sys::throw_errno("timerfd_create");
  watch_.open(fd_.get());
  if (!watch_.schedule_read()) sys::throw_errno("epoll_ctl(timerfd)");
}

void Timer::arm(std::chrono::nanoseconds first, std::chrono::nanoseconds period) noexcept {
  // A zero it_value disarms a timerfd: "now" is the smallest delay instead.
  if (first.count() <= 0) first = std::chrono::nanoseconds(1);
  itimerspec spec{to_timespec(period), to_timespec(first)};
  // Fails only for invalid arguments, which would be a bug here.
  if (::timerfd_settime(fd_.get(), 0, &spec, nullptr) != 0) sys::die(sys::errno_text(errno, "timerfd_settime"));
  pending_ = true;
}

void Timer::schedule(std::chrono::nanoseconds delay) noexcept {
  periodic_ = false;
  arm(delay, std::chrono::nanoseconds(0));
}

void Timer::schedule_every(std::chrono::nanoseconds period) noexcept {
  periodic_ = true;
  arm(period, period);
}

void Timer::cancel() noexcept {
  itimerspec off{};
  ::timerfd_settime(fd_.get(), 0, &off, nullptr);
  pending_ = false;
}

void Timer::on_io(std::uint32_t) noexcept {
  std::uint64_t expirations;
  if (::read(fd_.get(), &expirations, sizeof expirations) != sizeof expirations) return;
  if (!periodic_) pending_ = false;
  fn_();
}

}  // namespace chatd::event
