#include "net/admission.hpp"

#include <doctest/doctest.h>

#include <cstdint>

using chatd::net::Admission;

TEST_CASE("net::Admission: caps in all and per address; a dropped ticket frees its slot") {
  Admission admission;
  Admission::Ticket a1, a2, a3, b1, c1;
  CHECK(admission.admit("10.0.0.1", 3, 2, a1) == Admission::Verdict::admitted);
  CHECK(admission.admit("10.0.0.1", 3, 2, a2) == Admission::Verdict::admitted);
  CHECK(admission.admit("10.0.0.1", 3, 2, a3) == Admission::Verdict::address_full);
  CHECK_FALSE(a3);
  CHECK(admission.admit("10.0.0.2", 3, 2, b1) == Admission::Verdict::admitted);
  CHECK(admission.admit("10.0.0.3", 3, 2, c1) == Admission::Verdict::server_full);
  CHECK(admission.total() == 3);
  auto copy = a1;
  a1.reset();
  CHECK(admission.total() == 3);  // a copy still holds the slot
  copy.reset();
  CHECK(admission.total() == 2);
  CHECK(admission.admit("10.0.0.1", 3, 2, a3) == Admission::Verdict::admitted);
  CHECK(std::string(chatd::net::refusal_reason(Admission::Verdict::server_full)) == "Server is full");
  CHECK(std::string(chatd::net::refusal_reason(Admission::Verdict::address_full)) ==
        "Too many connections from your address");
}

TEST_CASE("net::Admission: a forwarded address counts per address only, beside its connection's ticket") {
  Admission admission;
  Admission::Ticket proxy1, proxy2;
  // The proxy's own connections: per address uncapped, counted in all.
  CHECK(admission.admit("10.0.0.9", 10, SIZE_MAX, proxy1) == Admission::Verdict::admitted);
  CHECK(admission.admit("10.0.0.9", 10, SIZE_MAX, proxy2) == Admission::Verdict::admitted);
  auto user1 = admission.admit_address("203.0.113.7", 1);
  CHECK(user1);
  CHECK_FALSE(admission.admit_address("203.0.113.7", 1));
  CHECK(admission.total() == 2);  // max_clients counts connections, not forwarded addresses
  // The forwarded address shares its count with direct connections from it.
  Admission::Ticket direct;
  CHECK(admission.admit("203.0.113.7", 10, 1, direct) == Admission::Verdict::address_full);
  user1.reset();
  CHECK(admission.total() == 2);
  CHECK(admission.admit("203.0.113.7", 10, 1, direct) == Admission::Verdict::admitted);
}
