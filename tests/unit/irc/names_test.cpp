#include "irc/names.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace std::string_view_literals;
using chatd::irc::is_channel_name;
using chatd::irc::is_valid_channel;
using chatd::irc::is_valid_nick;
using chatd::irc::split_list;

TEST_CASE("irc::is_valid_nick accepts RFC 2812 nicknames") {
  for (const auto nick : {"bob"sv, "Bob"sv, "[away]"sv, "a-1"sv, "_x"sv, "`"sv, "^^"sv, "{|}"sv, "\\o^"sv, "b0b-"sv}) {
    CAPTURE(nick);
    CHECK(is_valid_nick(nick, 30));
  }
}

TEST_CASE("irc::is_valid_nick rejects bad first bytes, separators and non-ASCII") {
  for (const auto nick : {""sv, "1abc"sv, "-abc"sv, "a b"sv, "a,b"sv, "a!b"sv, "a@b"sv, "a:b"sv, "#chan"sv, "*"sv,
                          "é"sv, "a\0b"sv, "a\rb"sv, "ab~"sv, ":bob"sv}) {
    CAPTURE(nick);
    CHECK_FALSE(is_valid_nick(nick, 30));
  }
}

TEST_CASE("irc::is_valid_nick enforces the length limit") {
  CHECK(is_valid_nick("abcdefghi", 9));
  CHECK_FALSE(is_valid_nick("abcdefghij", 9));
  CHECK(is_valid_nick("a", 1));
  CHECK_FALSE(is_valid_nick("a", 0));
}

TEST_CASE("irc::is_channel_name checks the CHANTYPES prefix only") {
  CHECK(is_channel_name("#chan"));
  CHECK(is_channel_name("#"));
  CHECK_FALSE(is_channel_name("&chan"));
  CHECK_FALSE(is_channel_name("chan"));
  CHECK_FALSE(is_channel_name(""));
}

TEST_CASE("irc::is_valid_channel accepts '#' plus allowed bytes") {
  CHECK(is_valid_channel("#chan", 50));
  CHECK(is_valid_channel("##", 50));
  CHECK(is_valid_channel("#café", 50));
  CHECK(is_valid_channel("#a!b@c*?", 50));
  CHECK(is_valid_channel("#abcd", 5));
}

TEST_CASE("irc::is_valid_channel rejects forbidden bytes, bad prefix and length") {
  for (const auto name :
       {"#"sv, ""sv, "chan"sv, "&chan"sv, "#a b"sv, "#a,b"sv, "#a:b"sv, "#a\x07"sv, "#a\0b"sv, "#a\rb"sv, "#a\nb"sv}) {
    CAPTURE(name);
    CHECK_FALSE(is_valid_channel(name, 50));
  }
  CHECK_FALSE(is_valid_channel("#abcde", 5));
  CHECK_FALSE(is_valid_channel("#a", 1));
}

TEST_CASE("irc::split_list drops empty items") {
  const std::string s = "a,b,,c";
  const auto items = split_list(s);
  REQUIRE(items.size() == 3);
  CHECK(items[0] == "a");
  CHECK(items[1] == "b");
  CHECK(items[2] == "c");
  CHECK(items[2].data() == s.data() + 5);

  CHECK(split_list("").empty());
  CHECK(split_list(",,,").empty());
  CHECK(split_list(",a,") == std::vector<std::string_view>{"a"});
  CHECK(split_list("#x") == std::vector<std::string_view>{"#x"});
  CHECK(split_list("a b,c") == std::vector<std::string_view>{"a b", "c"});
}

TEST_CASE("irc::split_list stops at the limit") {
  CHECK(split_list("a,b,c", 2) == std::vector<std::string_view>{"a", "b"});
  CHECK(split_list(",,a,,b,,c", 2) == std::vector<std::string_view>{"a", "b"});
  CHECK(split_list("a,b,c", 0).empty());
  CHECK(split_list("a,b,c", 3).size() == 3);
  const std::string many(100000, ',');
  CHECK(split_list(many).empty());
  std::string lots;
  for (int i = 0; i < 1000; ++i) lots += "x,";
  CHECK(split_list(lots).size() == 512);
}

TEST_CASE("irc::status_prefix finds STATUSMSG targets") {
  using chatd::irc::status_prefix;
  CHECK(status_prefix("@#lab") == '@');
  CHECK(status_prefix("+#lab") == '+');
  CHECK(status_prefix("#lab") == 0);
  CHECK(status_prefix("@bob") == 0);
  CHECK(status_prefix("@") == 0);
  CHECK(status_prefix("@#") == '@');  // a channel name, even if no channel has it
  CHECK(status_prefix("") == 0);
  CHECK(status_prefix("%#lab") == 0);
}
