#include "net/flood_bucket.hpp"

#include <doctest/doctest.h>

using chatd::net::FloodBucket;
using namespace std::chrono_literals;

TEST_CASE("net::FloodBucket: a fresh client may burst, then gets the steady rate") {
  auto t0 = FloodBucket::Clock::time_point{} + 1h;
  FloodBucket bucket({.lines_per_second = 10, .line_burst = 30, .bytes_per_second = 1000, .byte_burst = 4000}, t0);
  int taken = 0;
  while (bucket.take_line()) ++taken;
  CHECK(taken == 30);
  bucket.refill(t0 + 100ms);
  CHECK(bucket.take_line());
  CHECK_FALSE(bucket.take_line());
  bucket.refill(t0 + 100h);  // never past the burst
  taken = 0;
  while (bucket.take_line()) ++taken;
  CHECK(taken == 30);
}

TEST_CASE("net::FloodBucket: bytes are allowed up to the burst and refill at their rate") {
  auto t0 = FloodBucket::Clock::time_point{} + 1h;
  FloodBucket bucket({.lines_per_second = 10, .line_burst = 30, .bytes_per_second = 1000, .byte_burst = 4000}, t0);
  CHECK(bucket.byte_allowance() == 4000);
  bucket.take_bytes(4000);
  CHECK(bucket.byte_allowance() == 0);
  bucket.refill(t0 + 500ms);
  CHECK(bucket.byte_allowance() == 500);
  bucket.take_bytes(10000);  // never below zero
  CHECK(bucket.byte_allowance() == 0);
}

TEST_CASE("net::FloodBucket: charge puts the bucket into debt that the refill pays back first") {
  auto t0 = FloodBucket::Clock::time_point{} + 1h;
  FloodBucket bucket({.lines_per_second = 10, .line_burst = 30, .bytes_per_second = 1000, .byte_burst = 4000}, t0);
  CHECK(bucket.take_line());
  bucket.charge(39);  // 30 - 1 - 39 = -10 tokens
  CHECK_FALSE(bucket.take_line());
  bucket.refill(t0 + 1s);  // +10: back to 0, still not a whole token
  CHECK_FALSE(bucket.take_line());
  bucket.refill(t0 + 1100ms);
  CHECK(bucket.take_line());
  CHECK_FALSE(bucket.take_line());
}
