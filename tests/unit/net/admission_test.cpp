#include "net/admission.hpp"

#include <doctest/doctest.h>

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
