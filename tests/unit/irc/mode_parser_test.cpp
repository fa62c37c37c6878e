#include "irc/mode_parser.hpp"

#include <doctest/doctest.h>

#include <array>

using chatd::irc::channel_mode_kind;
using chatd::irc::parse_modes;

TEST_CASE("mode_parser: flags, parameters and sign changes") {
  std::array<std::string_view, 2> params{"bob", "5"};
  auto parsed = parse_modes("+imo-v+l", params, channel_mode_kind, 4);
  REQUIRE(parsed.changes.size() == 4);
  CHECK(parsed.changes[0].letter == 'i');
  CHECK(parsed.changes[1].letter == 'm');
  CHECK(parsed.changes[2].letter == 'o');
  CHECK(parsed.changes[2].param == "bob");
  CHECK(parsed.changes[2].add);
  // -v takes "5", so +l finds no parameter left.
  CHECK(parsed.changes[3].letter == 'v');
  CHECK_FALSE(parsed.changes[3].add);
  CHECK(parsed.changes[3].param == "5");
  CHECK(parsed.missing == std::vector<char>{'l'});
}

TEST_CASE("mode_parser: -l takes no parameter, -k does") {
  std::array<std::string_view, 1> params{"key"};
  auto parsed = parse_modes("-lk", params, channel_mode_kind, 4);
  REQUIRE(parsed.changes.size() == 2);
  CHECK(parsed.changes[0].param.empty());
  CHECK(parsed.changes[1].param == "key");
}

TEST_CASE("mode_parser: unknown letters are reported once each and skipped") {
  auto parsed = parse_modes("+xnxy", {}, channel_mode_kind, 4);
  CHECK(parsed.unknown == "xy");
  REQUIRE(parsed.changes.size() == 1);
  CHECK(parsed.changes[0].letter == 'n');
}

TEST_CASE("mode_parser: bare list letters are queries, once each") {
  CHECK(parse_modes("b", {}, channel_mode_kind, 4).list_queries == "b");
  CHECK(parse_modes("+b", {}, channel_mode_kind, 4).changes.empty());
  CHECK(parse_modes("bIeb", {}, channel_mode_kind, 4).list_queries == "bIe");
}

TEST_CASE("mode_parser: more than MODES changes, flags included, are dropped and flagged") {
  std::array<std::string_view, 5> params{"a", "b", "c", "d", "e"};
  auto parsed = parse_modes("+bbbbb", params, channel_mode_kind, 4);
  CHECK(parsed.changes.size() == 4);
  CHECK(parsed.changes[3].param == "d");
  CHECK(parsed.truncated);
  auto flags = parse_modes("+i-i+i-i+o", params, channel_mode_kind, 4);
  REQUIRE(flags.changes.size() == 4);
  CHECK(flags.truncated);
  CHECK(flags.changes[3].letter == 'i');
  CHECK_FALSE(parse_modes("+imnt", {}, channel_mode_kind, 4).truncated);
}
