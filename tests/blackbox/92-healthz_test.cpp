// /healthz: 200 while every worker answers within a second, 503 while one is stalled (the
// CHATD_TEST_HOOKS=stall-worker hook), and the hook cannot be switched on in a systemd service.
#include <doctest/doctest.h>

#include <string>

#include "support/chatd_fixture.hpp"
#include "support/http_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"
#include "support/wait.hpp"

namespace {

using namespace chatd::test;

// The test hook on, and whatever systemd variables the test runner has cleared for the child.
struct StallHook {
  ScopedEnv hooks{"CHATD_TEST_HOOKS", "stall-worker"};
  ScopedEnv invocation{"INVOCATION_ID", ""};
  ScopedEnv notify{"NOTIFY_SOCKET", ""};
};

}  // namespace

TEST_CASE("healthz: 200 while the workers answer; 503 while one is stalled; 200 again after") {
  StallHook hook;
  const std::uint16_t port = free_port();
  Chatd chatd({.workers = 3, .extra = metrics_table(port)});
  CHECK(wait_for_log(chatd.process, "test hook /test/stall-worker is on"));
  const auto healthy = http_get(port, "/healthz");
  CHECK(healthy.status == 200);
  CHECK(contains(healthy.body, "3 workers answered"));

  CHECK(http_get(port, "/test/stall-worker?worker=1&ms=4000").status == 200);
  const auto stalled = http_get(port, "/healthz");
  CHECK(stalled.status == 503);
  CHECK(contains(stalled.body, "2 of 3 workers answered within a second"));
  // Chat on the other workers goes on meanwhile, and the scrape never waits for a worker.
  CHECK(http_get(port, "/metrics").status == 200);

  CHECK(wait_until([&] { return http_get(port, "/healthz").status == 200; }, 10000, 100));
}

TEST_CASE("healthz: the stall hook wants a worker that exists and a bounded time") {
  StallHook hook;
  const std::uint16_t port = free_port();
  Chatd chatd({.workers = 1, .extra = metrics_table(port)});
  CHECK(http_get(port, "/test/stall-worker?worker=1&ms=10").status == 400);
  CHECK(http_get(port, "/test/stall-worker?worker=0&ms=600000").status == 400);
  CHECK(http_get(port, "/test/stall-worker?worker=0").status == 400);
  CHECK(http_get(port, "/healthz").status == 200);
}

TEST_CASE("healthz: chatd refuses test hooks in a systemd service, and unknown hooks") {
  ScopedEnv hooks{"CHATD_TEST_HOOKS", "stall-worker"};
  ScopedEnv invocation{"INVOCATION_ID", "0123456789abcdef0123456789abcdef"};
  const std::uint16_t port = free_port();
  Chatd chatd({.extra = metrics_table(port)}, {.expect_start = false});
  CHECK(chatd.process.wait_exit(5000) == 1);
  CHECK(contains(chatd.process.log(), "test hooks are for the test suite only"));

  ScopedEnv no_service{"INVOCATION_ID", ""};
  ScopedEnv typo{"CHATD_TEST_HOOKS", "stall-workers"};
  Chatd second({.extra = metrics_table(free_port())}, {.expect_start = false});
  CHECK(second.process.wait_exit(5000) == 1);
  CHECK(contains(second.process.log(), "unknown hook \"stall-workers\""));
}
