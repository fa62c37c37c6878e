// EventLoop::wake_within: a loop with nothing to do still comes back for work it held back
// on purpose (a paced flush), and only once per call.
#include "event/event_loop.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

TEST_CASE("event loop: wake_within wakes an idle loop without any event") {
  chatd::event::EventLoop loop;
  int passes = 0;
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  loop.set_before_sleep([&] {
    if (++passes < 4) {
      loop.wake_within(std::chrono::microseconds(500));
    } else {
      loop.stop();
    }
  });
  loop.post([] {});  // one event to start with; every later pass has none
  std::thread runner([&] {
    loop.run();
    std::lock_guard lock(mutex);
    done = true;
    finished.notify_one();
  });
  {
    // A bound, not a timing assertion: without the wake-ups the loop would sleep forever.
    std::unique_lock lock(mutex);
    if (!finished.wait_for(lock, std::chrono::seconds(10), [&] { return done; })) loop.stop();
  }
  runner.join();
  CHECK(passes >= 4);
}
