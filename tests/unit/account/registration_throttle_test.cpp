#include "account/registration_throttle.hpp"

#include <doctest/doctest.h>

#include <string>

using chatd::account::RegistrationThrottle;
using std::chrono::seconds;

TEST_CASE("account: one registration per address per interval; other addresses are not held up") {
  RegistrationThrottle t;
  const auto t0 = RegistrationThrottle::Clock::time_point{} + std::chrono::hours(1);
  CHECK(t.wait("10.0.0.1", t0) == RegistrationThrottle::Clock::duration::zero());
  t.record("10.0.0.1", t0);
  CHECK(t.wait("10.0.0.1", t0) == RegistrationThrottle::kInterval);
  CHECK(t.wait("10.0.0.1", t0 + seconds(45)) == seconds(15));
  CHECK(t.wait("10.0.0.2", t0 + seconds(1)) == RegistrationThrottle::Clock::duration::zero());
  CHECK(t.wait("10.0.0.1", t0 + RegistrationThrottle::kInterval) == RegistrationThrottle::Clock::duration::zero());
}

TEST_CASE("account: the registration throttle remembers a bounded number of addresses, the fresh ones first") {
  RegistrationThrottle t;
  const auto t0 = RegistrationThrottle::Clock::time_point{} + std::chrono::hours(1);
  for (std::size_t i = 0; i < RegistrationThrottle::kMaxKeys; ++i) t.record("a" + std::to_string(i), t0);
  CHECK(t.size() == RegistrationThrottle::kMaxKeys);
  // All of them fresh: a new address is told to wait rather than grow the table.
  CHECK(t.wait("new", t0 + seconds(1)) == RegistrationThrottle::kInterval);
  CHECK(t.size() == RegistrationThrottle::kMaxKeys);
  // Once they expire they are forgotten, and the new address may register.
  CHECK(t.wait("new", t0 + RegistrationThrottle::kInterval) == RegistrationThrottle::Clock::duration::zero());
  CHECK(t.size() == 0);
}
