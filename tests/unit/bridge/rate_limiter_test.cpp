#include "bridge/rate_limiter.hpp"

#include <doctest/doctest.h>

using chatd::bridge::Clock;
using chatd::bridge::RateLimiter;
using chatd::bridge::TokenBucket;
using std::chrono::milliseconds;

TEST_CASE("bridge::TokenBucket: burst, then the rate") {
  const auto t0 = Clock::time_point{};
  TokenBucket bucket(10, 3, t0);
  CHECK(bucket.take(t0));
  CHECK(bucket.take(t0));
  CHECK(bucket.take(t0));
  CHECK_FALSE(bucket.take(t0));
  CHECK_FALSE(bucket.take(t0 + milliseconds(50)));
  CHECK(bucket.take(t0 + milliseconds(100)));
  CHECK_FALSE(bucket.take(t0 + milliseconds(100)));
  CHECK(bucket.full(t0 + milliseconds(10000)));
  CHECK(bucket.take(t0 + milliseconds(10000)));
  CHECK_FALSE(bucket.full(t0 + milliseconds(10000)));
}

TEST_CASE("bridge::RateLimiter: per source, with episodes") {
  const auto t0 = Clock::time_point{};
  RateLimiter limiter(10, 2);
  CHECK(limiter.allow("a", t0).pass);
  CHECK(limiter.allow("a", t0).pass);
  auto first = limiter.allow("a", t0);
  CHECK_FALSE(first.pass);
  CHECK(first.episode_started);
  auto second = limiter.allow("a", t0);
  CHECK_FALSE(second.pass);
  CHECK_FALSE(second.episode_started);
  CHECK(limiter.allow("b", t0).pass);  // another sender is not affected
  auto after = limiter.allow("a", t0 + milliseconds(100));
  CHECK(after.pass);
  CHECK(after.episode_dropped == 2);
  CHECK(limiter.allow("a", t0 + milliseconds(1000)).episode_dropped == 0);
}

TEST_CASE("bridge::RateLimiter: the number of sources is bounded") {
  const auto t0 = Clock::time_point{};
  RateLimiter limiter(10, 2, 3);
  for (const char* s : {"a", "b", "c"}) {
    CHECK(limiter.allow(s, t0).pass);
    CHECK(limiter.allow(s, t0).pass);
  }
  CHECK_FALSE(limiter.allow("d", t0).pass);  // all three are busy
  CHECK(limiter.tracked() == 3);
  CHECK(limiter.allow("d", t0 + milliseconds(1000)).pass);  // idle ones were forgotten
  CHECK(limiter.tracked() == 1);
}
