// event::Timer and event::FdWatch: a one-shot timer fires once, a periodic one keeps firing,
// a cancelled one never fires; a watch issues epoll_ctl only for a new mask and reports a
// failure instead of throwing.
#include "event/timer.hpp"

#include <doctest/doctest.h>
#include <sys/socket.h>

#include <chrono>

#include "event/fd_watch.hpp"
#include "sys/unique_fd.hpp"

namespace {
using namespace std::chrono_literals;
using chatd::event::EventLoop;
using chatd::event::FdWatch;
using chatd::event::Timer;

// Runs the loop on this thread until `done` or a generous bound (the bound is a safety net
// for a broken timer, not a timing assertion).
template <class Done>
void run_until(EventLoop& loop, Done done) {
  Timer guard(loop, [&] { loop.stop(); });
  guard.schedule(10s);
  loop.set_before_sleep([&] {
    if (done()) loop.stop();
  });
  loop.run();
}

struct Counter final : chatd::event::Watcher {
  void on_io(std::uint32_t events) noexcept override {
    ++calls;
    last = events;
  }
  int calls = 0;
  std::uint32_t last = 0;
};
}  // namespace

TEST_CASE("event::Timer: one-shot fires once, periodic repeats, cancel stops it") {
  EventLoop loop;
  int once = 0, periodic = 0, cancelled = 0;
  Timer one(loop, [&] { ++once; });
  Timer every(loop, [&] { ++periodic; });
  Timer never(loop, [&] { ++cancelled; });
  one.schedule(1ms);
  every.schedule_every(1ms);
  never.schedule(2ms);
  never.cancel();
  CHECK_FALSE(never.pending());
  run_until(loop, [&] { return periodic >= 5 && once >= 1; });
  CHECK(once == 1);
  CHECK(periodic >= 5);
  CHECK(cancelled == 0);
  CHECK_FALSE(one.pending());
  CHECK(every.pending());
}

TEST_CASE("event::FdWatch: the mask is the watch's; failures are reported, not thrown") {
  EventLoop loop;
  int fds[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0);
  chatd::sys::UniqueFd a(fds[0]), b(fds[1]);
  Counter counter;
  FdWatch watch(loop, counter);
  watch.open(a.get());
  CHECK_FALSE(watch.registered());
  CHECK(watch.schedule_read());
  CHECK(watch.schedule_write());
  CHECK(watch.scheduled() == (FdWatch::kRead | FdWatch::kWrite));
  CHECK(watch.cancel_write());
  CHECK(watch.scheduled() == FdWatch::kRead);
  REQUIRE(::send(b.get(), "x", 1, 0) == 1);
  run_until(loop, [&] { return counter.calls > 0; });
  CHECK((counter.last & EPOLLIN) != 0);
  watch.cancel();
  CHECK_FALSE(watch.registered());

  FdWatch broken(loop, counter);
  broken.open(-1);
  CHECK_FALSE(broken.schedule_read());  // no fd: refused, never a throw
  chatd::sys::UniqueFd closed(::dup(a.get()));
  const int number = closed.get();
  closed.reset();
  broken.open(number);
  CHECK_FALSE(broken.schedule_read());  // EBADF: logged once, reported
  CHECK_FALSE(broken.registered());
}
