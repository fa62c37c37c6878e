#include "irc/msgid.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <set>
#include <string>
#include <vector>

using chatd::irc::MessageIds;
using namespace std::chrono;

namespace {
const auto kT0 = system_clock::time_point(milliseconds(1700000000000));
}

TEST_CASE("msgid: 24 characters of ordered base32: time, process, counter") {
  MessageIds ids(0);
  std::string first = ids.next(kT0).str();
  CHECK(first.size() == MessageIds::kLength);
  CHECK(std::regex_match(first, std::regex("[0-9a-hjkmnp-tv-z]{24}")));
  CHECK(first.substr(10, 8) == "00000000");  // the fixed process part
  CHECK(first.substr(18) == "000000");
  CHECK(ids.next(kT0).str().substr(18) == "000001");
  // The time part alone: 1700000000000 ms in base32, 10 digits.
  CHECK(first.substr(0, 10) == "01hf7yat00");
}

TEST_CASE("msgid: ids sort by time as strings, and by counter within one millisecond") {
  MessageIds ids(12345);
  std::vector<std::string> made;
  for (int ms = 0; ms < 40; ++ms) {
    for (int i = 0; i < 3; ++i) made.push_back(ids.next(kT0 + milliseconds(ms * 997)).str());
  }
  std::vector<std::string> sorted = made;
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == made);
}

TEST_CASE("msgid: unique within a process and between processes at the same instant") {
  MessageIds a, b;  // each draws its own random process part
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    CHECK(seen.insert(a.next(kT0).str()).second);
    CHECK(seen.insert(b.next(kT0).str()).second);
  }
}
