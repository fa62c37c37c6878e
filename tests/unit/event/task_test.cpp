// event::Task: move-only, so it can carry an fd; small closures stay inline, large ones on the
// heap, and both are destroyed exactly once.
#include "event/task.hpp"

#include <doctest/doctest.h>

#include <array>
#include <memory>
#include <vector>

#include "sys/unique_fd.hpp"

using chatd::event::Task;

TEST_CASE("event::Task: carries move-only state and runs it") {
  auto owned = std::make_unique<int>(41);
  int seen = 0;
  Task task([&seen, p = std::move(owned)] { seen = *p + 1; });
  Task moved = std::move(task);
  CHECK_FALSE(task);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  REQUIRE(moved);
  moved();
  CHECK(seen == 42);

  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[1]);
  Task with_fd([fd = chatd::sys::UniqueFd(fds[0])] { CHECK(fd.valid()); });
  with_fd();
}

TEST_CASE("event::Task: inline and heap closures are destroyed exactly once, across moves") {
  auto tracker = std::make_shared<int>(0);
  {
    std::vector<Task> tasks;
    tasks.emplace_back([tracker] {});                                             // inline
    tasks.emplace_back([tracker, big = std::array<char, 200>{}] { (void)big; });  // heap
    for (int i = 0; i < 100; ++i) tasks.emplace_back([] {});                      // forces reallocations
    CHECK(tracker.use_count() == 3);
    Task taken = std::move(tasks[1]);
    CHECK(tracker.use_count() == 3);
    tasks.clear();
    CHECK(tracker.use_count() == 2);
  }
  CHECK(tracker.use_count() == 1);
}
