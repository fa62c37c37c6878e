#include "irc/casemap.hpp"

#include <doctest/doctest.h>

#include <string>

using chatd::irc::equal_folded;
using chatd::irc::fold;
using chatd::irc::fold_char;

TEST_CASE("irc::fold_char maps rfc1459 case pairs") {
  static_assert(fold_char('A') == 'a');
  static_assert(fold_char('[') == '{');
  CHECK(fold_char('Z') == 'z');
  CHECK(fold_char('z') == 'z');
  CHECK(fold_char(']') == '}');
  CHECK(fold_char('\\') == '|');
  CHECK(fold_char('~') == '^');
  CHECK(fold_char('{') == '{');
  CHECK(fold_char('^') == '^');
  CHECK(fold_char('@') == '@');
  CHECK(fold_char('\0') == '\0');
  CHECK(fold_char('\xC9') == '\xC9');  // no folding outside ASCII
  for (int c = 0; c < 256; ++c) CHECK(fold_char(fold_char(static_cast<char>(c))) == fold_char(static_cast<char>(c)));
}

TEST_CASE("irc::fold and fold_into fold whole strings") {
  CHECK(fold("Nick[Away]\\~") == "nick{away}|^");
  CHECK(fold("") == "");
  std::string buf = "a much longer previous value";
  chatd::irc::fold_into(buf, "ABC");
  CHECK(buf == "abc");
  chatd::irc::fold_into(buf, "");
  CHECK(buf.empty());
}

TEST_CASE("irc::equal_folded compares under rfc1459") {
  CHECK(equal_folded("FOO[]", "foo{}"));
  CHECK(equal_folded("Bob\\~", "bob|^"));
  CHECK(equal_folded("", ""));
  CHECK_FALSE(equal_folded("foo", "foo "));
  CHECK_FALSE(equal_folded("foo", "fob"));
  CHECK_FALSE(equal_folded("\xC9", "\xE9"));
}
