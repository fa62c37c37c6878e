#include "irc/casemap.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "support/wait.hpp"

using chatd::irc::equal_folded;
using chatd::irc::fold;
using chatd::irc::fold_char;
using chatd::irc::match_mask;

namespace {

// Obviously-correct O(|mask| * |text|) dynamic-programming matcher to cross-check the greedy one.
bool reference_match(std::string_view mask, std::string_view text) {
  std::vector<std::vector<bool>> ok(mask.size() + 1, std::vector<bool>(text.size() + 1, false));
  ok[mask.size()][text.size()] = true;
  for (std::size_t m = mask.size(); m-- > 0;) {
    for (std::size_t t = text.size() + 1; t-- > 0;) {
      if (mask[m] == '*') {
        ok[m][t] = ok[m + 1][t] || (t < text.size() && ok[m][t + 1]);
      } else if (t < text.size() && (mask[m] == '?' || fold_char(mask[m]) == fold_char(text[t]))) {
        ok[m][t] = ok[m + 1][t + 1];
      }
    }
  }
  return ok[0][0];
}

std::vector<std::string> all_strings(std::string_view alphabet, std::size_t max_len) {
  std::vector<std::string> out{""};
  std::size_t begin = 0;
  for (std::size_t len = 1; len <= max_len; ++len) {
    const std::size_t end = out.size();
    for (std::size_t i = begin; i < end; ++i) {
      for (const char c : alphabet) out.push_back(out[i] + c);
    }
    begin = end;
  }
  return out;
}

}  // namespace

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

TEST_CASE("irc::match_mask wildcards and empty inputs") {
  CHECK(match_mask("*", ""));
  CHECK(match_mask("*", "anything at all"));
  CHECK(match_mask("**", ""));
  CHECK(match_mask("", ""));
  CHECK_FALSE(match_mask("", "a"));
  CHECK_FALSE(match_mask("a", ""));
  CHECK(match_mask("a?c", "abc"));
  CHECK(match_mask("a?c", "aXc"));
  CHECK_FALSE(match_mask("a?c", "ac"));
  CHECK_FALSE(match_mask("a?c", "abbc"));
  CHECK(match_mask("?*", "x"));
  CHECK_FALSE(match_mask("?*", ""));
  CHECK(match_mask("abc***", "abc"));
  CHECK(match_mask("*c", "abcabc"));
  CHECK_FALSE(match_mask("*c", "abcab"));
  CHECK(match_mask("a*b*c", "a-b-b-c"));
}

TEST_CASE("irc::match_mask hostmasks and casefolding") {
  CHECK(match_mask("*!*@127.*", "nick!user@127.0.0.1"));
  CHECK_FALSE(match_mask("*!*@127.*", "nick!user@128.0.0.1"));
  CHECK_FALSE(match_mask("*!*@127.*", "nick!user@10.127.0.1"));
  CHECK(match_mask("*!*@*.example.COM", "Bob!~b@host.EXAMPLE.com"));
  CHECK(match_mask("Nick[away]!*@*", "nick{AWAY}!u@h"));
  CHECK(match_mask("nick{}", "NICK[]"));
  CHECK(match_mask("a\\b~", "A|B^"));
  CHECK_FALSE(match_mask("nick[]", "nick()"));
  CHECK(match_mask(std::string_view("*\0*", 3), std::string_view("a\0b", 3)));
  CHECK_FALSE(match_mask(std::string_view("*\0*", 3), "ab"));
}

TEST_CASE("irc::match_mask agrees with a reference matcher on all small inputs") {
  const auto masks = all_strings("a[*?", 5);
  const auto texts = all_strings("a{", 6);
  for (const auto& mask : masks) {
    for (const auto& text : texts) {
      if (match_mask(mask, text) != reference_match(mask, text)) {
        FAIL("mismatch for mask '" << mask << "' text '" << text << "'");
      }
    }
  }
}

TEST_CASE("irc::match_mask pathological masks stay fast") {
  // Backtracking matchers take exponential time on these; the answers must come at all (a
  // bounded wait, not a stopwatch). The work owns its data: a thread that never finishes is
  // left behind, detached, when the test has failed.
  struct Answers {
    bool stars_then_b, many_stars_then_b, many_stars, thousands_of_stars, more_wildcards_than_text;
  };
  auto answers = std::make_shared<Answers>();
  const bool finished = chatd::test::finishes_within(10000, [answers] {
    const std::string text(20000, 'a');
    std::string many_stars;
    for (int i = 0; i < 200; ++i) many_stars += "*a";
    answers->stars_then_b = match_mask("*a*a*a*a*a*a*a*a*a*a*a*a*b", text);
    answers->many_stars_then_b = match_mask(many_stars + "b", text);
    answers->many_stars = match_mask(many_stars, text);
    answers->thousands_of_stars = match_mask(std::string(5000, '*') + "a", text);
    answers->more_wildcards_than_text = match_mask(std::string(300, '?'), std::string(299, 'x'));
  });
  REQUIRE(finished);
  CHECK_FALSE(answers->stars_then_b);
  CHECK_FALSE(answers->many_stars_then_b);
  CHECK(answers->many_stars);
  CHECK(answers->thousands_of_stars);
  CHECK_FALSE(answers->more_wildcards_than_text);
}
