#include "irc/line_builder.hpp"

#include <doctest/doctest.h>

#include <string>

#include "irc/message.hpp"
#include "irc/utf8.hpp"

using chatd::irc::append_line;
using chatd::irc::kMaxLineBytes;
using chatd::irc::make_line;

namespace {

std::string repeat(std::string_view unit, std::size_t count) {
  std::string s;
  for (std::size_t i = 0; i < count; ++i) s.append(unit);
  return s;
}

// ":s PRIVMSG #c :" is 15 bytes, leaving exactly 495 for the trailing before the 510 limit.
constexpr std::size_t kRoomAfterHead = 510 - 15;

}  // namespace

TEST_CASE("irc::make_line formats source, command, middle and trailing") {
  CHECK(make_line("nick!u@h", "PRIVMSG", {"#c"}, "hi there") == ":nick!u@h PRIVMSG #c :hi there\r\n");
  CHECK(make_line("", "PING", {}, "token") == "PING :token\r\n");
  CHECK(make_line("srv", "MODE", {"#c", "+o", "bob"}) == ":srv MODE #c +o bob\r\n");
  CHECK(make_line("", "QUIT", {}) == "QUIT\r\n");
}

TEST_CASE("irc::make_line always colons a present trailing") {
  CHECK(make_line("a", "PART", {"#c"}, "") == ":a PART #c :\r\n");
  CHECK(make_line("a", "PART", {"#c"}, "bye") == ":a PART #c :bye\r\n");
  CHECK(make_line("", "X", {}, "") == "X :\r\n");
  CHECK(make_line("a", "PART", {"#c"}, std::nullopt) == ":a PART #c\r\n");
}

TEST_CASE("irc::append_line appends after existing content") {
  std::string out = "PING :1\r\n";
  append_line(out, "s", "PONG", {"s"}, "2");
  append_line(out, "", "QUIT", {});
  CHECK(out == "PING :1\r\n:s PONG s :2\r\nQUIT\r\n");
}

TEST_CASE("irc::append_line keeps a line of exactly 510 bytes intact") {
  const std::string text(kRoomAfterHead, 'a');
  const std::string line = make_line("s", "PRIVMSG", {"#c"}, text);
  CHECK(line.size() == kMaxLineBytes);
  CHECK(line == ":s PRIVMSG #c :" + text + "\r\n");
}

TEST_CASE("irc::append_line cuts an overlong ASCII trailing at 510 bytes") {
  const std::string line = make_line("s", "PRIVMSG", {"#c"}, std::string(kRoomAfterHead + 1, 'a'));
  CHECK(line.size() == kMaxLineBytes);
  CHECK(line == std::string(":s PRIVMSG #c :") + std::string(kRoomAfterHead, 'a') + "\r\n");

  const std::string huge = make_line("s", "PRIVMSG", {"#c"}, std::string(100000, 'b'));
  CHECK(huge.size() == kMaxLineBytes);
  CHECK(huge.substr(huge.size() - 2) == "\r\n");
}

TEST_CASE("irc::append_line cuts multi-byte trailing at a character boundary") {
  // 2-byte characters: 495 is odd, so the last whole 'é' ends at 494.
  std::string line = make_line("s", "PRIVMSG", {"#c"}, repeat("é", 300));
  CHECK(line == std::string(":s PRIVMSG #c :") + repeat("é", 247) + "\r\n");
  CHECK(line.size() == kMaxLineBytes - 1);

  // 3-byte characters fit exactly: 165 * 3 = 495.
  line = make_line("s", "PRIVMSG", {"#c"}, repeat("€", 200));
  CHECK(line == std::string(":s PRIVMSG #c :") + repeat("€", 165) + "\r\n");
  CHECK(line.size() == kMaxLineBytes);

  // Shifted by one ASCII byte, the 165th '€' would straddle the limit.
  line = make_line("s", "PRIVMSG", {"#c"}, std::string("x") + repeat("€", 200));
  CHECK(line == std::string(":s PRIVMSG #c :x") + repeat("€", 164) + "\r\n");
  CHECK(line.size() == kMaxLineBytes - 2);

  // 4-byte characters: 123 * 4 = 492.
  line = make_line("s", "PRIVMSG", {"#c"}, repeat("\xF0\x9F\x98\x80", 200));
  CHECK(line == std::string(":s PRIVMSG #c :") + repeat("\xF0\x9F\x98\x80", 123) + "\r\n");
  CHECK(chatd::irc::is_valid_utf8(line));
}

TEST_CASE("irc::append_line cuts a line without trailing when middles are oversized") {
  const std::string big(600, 'm');
  const std::string line = make_line("s", "CMD", {big});
  CHECK(line.size() == kMaxLineBytes);
  CHECK(line == std::string(":s CMD ") + big.substr(0, 510 - 7) + "\r\n");

  // Source and middles eat the whole budget: the line as a whole is cut, CRLF still follows.
  const std::string with_trailing = make_line(std::string(300, 's'), "CMD", {std::string(300, 'm')}, "text");
  CHECK(with_trailing.size() == kMaxLineBytes);
  CHECK(with_trailing.substr(kMaxLineBytes - 2) == "\r\n");

  const std::string wide = make_line("", "CMDS", {repeat("é", 400)});
  CHECK(wide == std::string("CMDS ") + repeat("é", 252) + "\r\n");  // 5 + 504 bytes: the 253rd 'é' would straddle 510
  CHECK(chatd::irc::is_valid_utf8(wide));
}

TEST_CASE("irc::make_line output parses back to the same fields") {
  const std::string line = make_line("n!u@h", "PRIVMSG", {"#c"}, "hello :world  x");
  const auto msg = chatd::irc::parse_message(std::string_view(line).substr(0, line.size() - 2));
  REQUIRE(msg);
  CHECK(msg->source == "n!u@h");
  CHECK(msg->command == "PRIVMSG");
  CHECK(msg->param_count == 2);
  CHECK(msg->arg(0) == "#c");
  CHECK(msg->arg(1) == "hello :world  x");
}

TEST_CASE("irc::make_line keeps echoed client text from breaking the framing") {
  using chatd::irc::make_line;
  CHECK(make_line("srv", "403", {"alice", "#a b"}, "No such channel") == ":srv 403 alice #a :No such channel\r\n");
  CHECK(make_line("srv", "401", {"alice", ":x"}) == ":srv 401 alice *\r\n");
  CHECK(make_line("srv", "401", {"alice", ""}, "t") == ":srv 401 alice * :t\r\n");
}

TEST_CASE("irc::make_line never lets CR, LF or NUL inside a line") {
  using std::string_literals::operator""s;
  CHECK(make_line("s", "PRIVMSG", {"#a\r\nQUIT"}, "hi\rKILL x\nmore\0x"s) == ":s PRIVMSG #a :hi\r\n");
  CHECK(make_line("", "NOTICE", {"a\0b"s}, std::nullopt) == "NOTICE a\r\n");
}
