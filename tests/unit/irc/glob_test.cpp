#include "irc/glob.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "irc/casemap.hpp"
#include "irc/limits.hpp"

using chatd::irc::fold_char;
using chatd::irc::GlobMask;
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

TEST_CASE("irc::GlobMask the masks that made the old matcher quadratic answer correctly") {
  // The hostile probe of issue 13: "*" + 243 a's + "b" against a 486-byte realname of a's.
  const std::string attack = "*" + std::string(243, 'a') + "b";
  const std::string realname(486, 'a');
  CHECK_FALSE(match_mask(attack, realname));
  CHECK(match_mask(attack, realname + "b"));
  CHECK(match_mask("*" + std::string(243, 'a') + "*", realname));
  CHECK_FALSE(match_mask("*a*a*a*a*a*a*a*a*a*a*a*a*b", std::string(20000, 'a')));
  CHECK(match_mask("*a*a*a*a*a*a*a*a*a*a*a*a*b", std::string(20000, 'a') + "b"));
  CHECK_FALSE(match_mask(std::string(32, '?'), std::string(31, 'x')));
  CHECK(match_mask(std::string(32, '?'), std::string(32, 'x')));
}

TEST_CASE("irc::GlobMask masks over the length or wildcard caps do not compile") {
  using chatd::irc::kMaxMaskLength;
  using chatd::irc::kMaxMaskWildcards;
  CHECK(GlobMask::compile(std::string(kMaxMaskLength, 'a')));
  CHECK_FALSE(GlobMask::compile(std::string(kMaxMaskLength + 1, 'a')));
  CHECK(GlobMask::compile(std::string(kMaxMaskWildcards, '*')));
  CHECK_FALSE(GlobMask::compile(std::string(kMaxMaskWildcards + 1, '?')));
  CHECK_FALSE(match_mask(std::string(kMaxMaskWildcards + 1, '*'), "anything"));
  // The longest legal mask spans four 64-bit words: the carries between them must be right.
  std::string text;
  for (std::size_t i = 0; i < kMaxMaskLength; ++i) text += static_cast<char>('a' + i % 26);
  CHECK(match_mask(text, text));
  std::string wrong = text;
  wrong[200] = '#';
  CHECK_FALSE(match_mask(text, wrong));
  std::string holes = text;
  holes[63] = holes[64] = holes[128] = '?';
  CHECK(match_mask(holes, text));
  CHECK(match_mask("*" + text.substr(1), text));
}

TEST_CASE("irc::GlobMask literal() tells a mask without wildcards; a compiled mask is reusable") {
  CHECK(GlobMask::compile("alice")->literal());
  CHECK_FALSE(GlobMask::compile("al*")->literal());
  CHECK_FALSE(GlobMask::compile("al?ce")->literal());
  auto mask = GlobMask::compile("*!*@10.*");
  REQUIRE(mask);
  CHECK(mask->matches("bob!b@10.0.0.1"));
  CHECK_FALSE(mask->matches("bob!b@11.0.0.1"));
  CHECK(mask->matches("Al!x@10."));
}
