#include "account/login_throttle.hpp"

#include <doctest/doctest.h>

using chatd::account::LoginThrottle;
using std::chrono::seconds;

TEST_CASE("account: the throttle lets a few failures pass, then doubles the wait, and a success forgets") {
  LoginThrottle t;
  const auto t0 = LoginThrottle::Clock::time_point{} + std::chrono::hours(1);
  for (unsigned i = 0; i < LoginThrottle::kFreeFailures; ++i) {
    CHECK(t.wait("alice", t0) == LoginThrottle::Clock::duration::zero());
    CHECK_FALSE(t.record_failure("alice", t0));
  }
  CHECK(t.record_failure("alice", t0));  // the episode starts: logged once
  CHECK(t.wait("alice", t0) == seconds(1));
  CHECK_FALSE(t.record_failure("alice", t0 + seconds(1)));
  CHECK(t.wait("alice", t0 + seconds(1)) == seconds(2));
  CHECK_FALSE(t.record_failure("alice", t0 + seconds(3)));
  CHECK(t.wait("alice", t0 + seconds(3)) == seconds(4));
  CHECK(t.wait("bob", t0) == LoginThrottle::Clock::duration::zero());  // per key
  // The wait never passes kMaxDelay.
  auto now = t0 + seconds(10);
  for (int i = 0; i < 20; ++i) t.record_failure("alice", now);
  CHECK(t.wait("alice", now) == LoginThrottle::kMaxDelay);
  t.record_success("alice");
  CHECK(t.wait("alice", now) == LoginThrottle::Clock::duration::zero());
}

TEST_CASE("account: a quiet key starts a new episode, and the throttle remembers a bounded number of keys") {
  LoginThrottle t;
  const auto t0 = LoginThrottle::Clock::time_point{} + std::chrono::hours(1);
  for (unsigned i = 0; i <= LoginThrottle::kFreeFailures; ++i) t.record_failure("alice", t0);
  const auto later = t0 + LoginThrottle::kMaxDelay + seconds(1);
  CHECK(t.wait("alice", later) == LoginThrottle::Clock::duration::zero());
  CHECK_FALSE(t.record_failure("alice", later));  // counting again from one
  for (std::size_t i = 0; i < LoginThrottle::kMaxKeys + 10; ++i) t.record_failure("k" + std::to_string(i), later);
  CHECK(t.size() <= LoginThrottle::kMaxKeys);
}
