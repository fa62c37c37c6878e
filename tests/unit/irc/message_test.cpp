#include "irc/message.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace std::string_view_literals;
using chatd::irc::kMaxParams;
using chatd::irc::Message;
using chatd::irc::parse_message;

namespace {

// Every view the parser returns must lie inside the input buffer.
bool inside(std::string_view part, std::string_view line) {
  if (part.empty()) return true;
  return part.data() >= line.data() && part.data() + part.size() <= line.data() + line.size();
}

void check_invariants(std::string_view line) {
  const auto msg = parse_message(line);
  if (!msg) return;
  CHECK(!msg->command.empty());
  CHECK(msg->command.find(' ') == std::string_view::npos);
  CHECK(msg->param_count <= kMaxParams);
  CHECK(inside(msg->tags, line));
  CHECK(inside(msg->source, line));
  CHECK(inside(msg->command, line));
  for (std::size_t i = 0; i < msg->param_count; ++i) CHECK(inside(msg->params[i], line));
  for (std::size_t i = msg->param_count; i < kMaxParams; ++i) CHECK(msg->params[i].empty());
}

}  // namespace

TEST_CASE("irc::parse_message splits tags, source, command and params") {
  const std::string line = "@time=2023-01-01T00:00:00Z;msgid=abc :nick!user@host PRIVMSG #chan :hello there  world";
  const auto msg = parse_message(line);
  REQUIRE(msg);
  CHECK(msg->tags == "time=2023-01-01T00:00:00Z;msgid=abc");
  CHECK(msg->source == "nick!user@host");
  CHECK(msg->command == "PRIVMSG");
  REQUIRE(msg->param_count == 2);
  CHECK(msg->arg(0) == "#chan");
  CHECK(msg->arg(1) == "hello there  world");
  CHECK(msg->arg(2).empty());
  CHECK(msg->arg(1000).empty());
  CHECK(msg->command.data() == line.data() + line.find("PRIVMSG"));
}

TEST_CASE("irc::parse_message bare command keeps case and has no params") {
  const auto msg = parse_message("privMSG");
  REQUIRE(msg);
  CHECK(msg->tags.empty());
  CHECK(msg->source.empty());
  CHECK(msg->command == "privMSG");
  CHECK(msg->param_count == 0);
  CHECK(msg->arg(0).empty());
}

TEST_CASE("irc::parse_message tags without source and source without tags") {
  auto msg = parse_message("@id=1;+draft/x PING :tok");
  REQUIRE(msg);
  CHECK(msg->tags == "id=1;+draft/x");
  CHECK(msg->source.empty());
  CHECK(msg->command == "PING");
  CHECK(msg->param_count == 1);
  CHECK(msg->arg(0) == "tok");

  msg = parse_message(":irc.example.org 001 bob :Welcome");
  REQUIRE(msg);
  CHECK(msg->tags.empty());
  CHECK(msg->source == "irc.example.org");
  CHECK(msg->command == "001");
  CHECK(msg->param_count == 2);
  CHECK(msg->arg(0) == "bob");
  CHECK(msg->arg(1) == "Welcome");

  msg = parse_message("@ CMD");  // empty tag section
  REQUIRE(msg);
  CHECK(msg->tags.empty());
  CHECK(msg->command == "CMD");
}

TEST_CASE("irc::parse_message trailing param keeps spaces and colons, may be empty") {
  auto msg = parse_message("PRIVMSG #c :  a :b  ");
  REQUIRE(msg);
  REQUIRE(msg->param_count == 2);
  CHECK(msg->arg(1) == "  a :b  ");

  msg = parse_message("PRIVMSG #c :");
  REQUIRE(msg);
  CHECK(msg->param_count == 2);
  CHECK(msg->arg(1).empty());

  msg = parse_message("QUIT :");
  REQUIRE(msg);
  CHECK(msg->param_count == 1);
  CHECK(msg->arg(0).empty());

  msg = parse_message("TOPIC #c ::starts with colon");
  REQUIRE(msg);
  CHECK(msg->arg(1) == ":starts with colon");

  msg = parse_message("USER a 0 * :Real Name");
  REQUIRE(msg);
  CHECK(msg->param_count == 4);
  CHECK(msg->arg(2) == "*");
  CHECK(msg->arg(3) == "Real Name");
}

TEST_CASE("irc::parse_message tolerates runs of spaces") {
  const auto msg = parse_message("   NICK    foo     bar   ");
  REQUIRE(msg);
  CHECK(msg->command == "NICK");
  REQUIRE(msg->param_count == 2);
  CHECK(msg->arg(0) == "foo");
  CHECK(msg->arg(1) == "bar");

  const auto spaced = parse_message("@a=b    :src    CMD   x   :  y");
  REQUIRE(spaced);
  CHECK(spaced->tags == "a=b");
  CHECK(spaced->source == "src");
  CHECK(spaced->command == "CMD");
  CHECK(spaced->param_count == 2);
  CHECK(spaced->arg(1) == "  y");
}

TEST_CASE("irc::parse_message the 15th param takes the rest of the line") {
  auto msg = parse_message("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16  17");
  REQUIRE(msg);
  REQUIRE(msg->param_count == kMaxParams);
  CHECK(msg->arg(13) == "14");
  CHECK(msg->arg(14) == "15 16  17");

  msg = parse_message("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15");
  REQUIRE(msg);
  CHECK(msg->param_count == 15);
  CHECK(msg->arg(14) == "15");

  msg = parse_message("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :last one");
  REQUIRE(msg);
  CHECK(msg->param_count == 15);
  CHECK(msg->arg(14) == "last one");

  msg = parse_message("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14   ");
  REQUIRE(msg);
  CHECK(msg->param_count == 14);
}

TEST_CASE("irc::parse_message rejects lines without a command") {
  CHECK_FALSE(parse_message(""));
  CHECK_FALSE(parse_message(" "));
  CHECK_FALSE(parse_message("      "));
  CHECK_FALSE(parse_message("@"));
  CHECK_FALSE(parse_message("@a=b;c"));
  CHECK_FALSE(parse_message("@a=b    "));
  CHECK_FALSE(parse_message(":"));
  CHECK_FALSE(parse_message(":nick!user@host"));
  CHECK_FALSE(parse_message(":nick!user@host    "));
  CHECK_FALSE(parse_message("@a=b :nick"));
  CHECK_FALSE(parse_message("@a=b :nick   "));
}

TEST_CASE("irc::parse_message odd but well-defined prefixes") {
  auto msg = parse_message(": CMD x");  // empty prefix
  REQUIRE(msg);
  CHECK(msg->source.empty());
  CHECK(msg->command == "CMD");
  CHECK(msg->arg(0) == "x");

  msg = parse_message("::weird CMD");
  REQUIRE(msg);
  CHECK(msg->source == ":weird");
  CHECK(msg->command == "CMD");

  msg = parse_message("@a :b :c d");  // ':' is only a prefix marker once, then trailing
  REQUIRE(msg);
  CHECK(msg->source == "b");
  CHECK(msg->command == ":c");
  CHECK(msg->arg(0) == "d");
}

TEST_CASE("irc::parse_message treats NUL bytes as data") {
  const auto line = "PRIVMSG #a\0b :x\0y"sv;
  auto msg = parse_message(line);
  REQUIRE(msg);
  CHECK(msg->command == "PRIVMSG");
  REQUIRE(msg->param_count == 2);
  CHECK(msg->arg(0) == "#a\0b"sv);
  CHECK(msg->arg(1) == "x\0y"sv);

  msg = parse_message("\0"sv);
  REQUIRE(msg);
  CHECK(msg->command == "\0"sv);

  msg = parse_message("@\0 :\0 \0 \0"sv);
  REQUIRE(msg);
  CHECK(msg->tags == "\0"sv);
  CHECK(msg->source == "\0"sv);
  CHECK(msg->command == "\0"sv);
  CHECK(msg->arg(0) == "\0"sv);
}

TEST_CASE("irc::parse_message views stay inside the line for every short hostile input") {
  // Exhaustive over an alphabet of the bytes the grammar cares about, up to 6 bytes.
  constexpr std::string_view kAlphabet = "@: a\0"sv;
  std::string line;
  for (std::size_t len = 0; len <= 6; ++len) {
    std::size_t total = 1;
    for (std::size_t i = 0; i < len; ++i) total *= kAlphabet.size();
    for (std::size_t n = 0; n < total; ++n) {
      line.clear();
      for (std::size_t i = 0, v = n; i < len; ++i, v /= kAlphabet.size()) {
        line.push_back(kAlphabet[v % kAlphabet.size()]);
      }
      check_invariants(line);
    }
  }
  // Every prefix of a full-featured line.
  const std::string full = "@k=v;x :n!u@h CMD a b c d e f g h i j k l m n o p :q r";
  for (std::size_t i = 0; i <= full.size(); ++i) check_invariants(std::string_view(full).substr(0, i));
}

TEST_CASE("irc::split_tags splits keys and raw values") {
  const auto tags = chatd::irc::split_tags("a=1;b;c=;;=x;d=e=f;+vendor/k=\\s");
  REQUIRE(tags.size() == 5);
  CHECK(tags[0].key == "a");
  CHECK(tags[0].raw_value == "1");
  CHECK(tags[1].key == "b");
  CHECK(tags[1].raw_value.empty());
  CHECK(tags[2].key == "c");
  CHECK(tags[2].raw_value.empty());
  CHECK(tags[3].key == "d");
  CHECK(tags[3].raw_value == "e=f");
  CHECK(tags[4].key == "+vendor/k");
  CHECK(tags[4].raw_value == "\\s");

  CHECK(chatd::irc::split_tags("").empty());
  CHECK(chatd::irc::split_tags(";;;").empty());
  CHECK(chatd::irc::split_tags("solo").size() == 1);
}

TEST_CASE("irc::unescape_tag_value decodes IRCv3 escapes") {
  using chatd::irc::unescape_tag_value;
  CHECK(unescape_tag_value("plain") == "plain");
  CHECK(unescape_tag_value("") == "");
  CHECK(unescape_tag_value("a\\:b\\sc\\\\d\\re\\nf") == "a;b c\\d\re\nf");
  CHECK(unescape_tag_value("\\x\\b") == "xb");  // unknown escape drops the backslash
  CHECK(unescape_tag_value("abc\\") == "abc");  // trailing lone backslash dropped
  CHECK(unescape_tag_value("\\") == "");
  CHECK(unescape_tag_value("\\\\\\") == "\\");
  CHECK(unescape_tag_value("a\\\0b"sv) == "a\0b"sv);
}

TEST_CASE("irc::escape_tag_value encodes the five special bytes and round-trips") {
  using chatd::irc::escape_tag_value;
  using chatd::irc::unescape_tag_value;
  CHECK(escape_tag_value("plain") == "plain");
  CHECK(escape_tag_value("a;b c\\d\re\nf") == "a\\:b\\sc\\\\d\\re\\nf");
  CHECK(escape_tag_value("") == "");
  for (const std::string_view v : {"; ;"sv, "\\\\"sv, "x\r\n\0y"sv, "héllo wörld"sv, "\\s"sv}) {
    const std::string escaped = escape_tag_value(v);
    CHECK(escaped.find_first_of("; \r\n") == std::string::npos);
    CHECK(unescape_tag_value(escaped) == v);
  }
}

TEST_CASE("irc::find_tag finds a key's raw value, the last one when it repeats") {
  using chatd::irc::find_tag;
  CHECK(find_tag("label=abc;+x=1", "label") == "abc"sv);
  CHECK(find_tag("a=1;label=first;label=second", "label") == "second"sv);
  CHECK(find_tag("label", "label") == ""sv);
  CHECK(find_tag("label=", "label") == ""sv);
  CHECK(find_tag("labels=1;xlabel=2;+label=3", "label") == std::nullopt);
  CHECK(find_tag("", "label") == std::nullopt);
  CHECK(find_tag(";;label=a\\sb;", "label") == "a\\sb"sv);
}
