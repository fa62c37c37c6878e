#include "irc/utf8.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <span>
#include <string>

using namespace std::string_view_literals;
using chatd::irc::is_valid_utf8;
using chatd::irc::sanitize_utf8;
using chatd::irc::utf8_cut;

namespace {

constexpr std::string_view kFffd = "\xEF\xBF\xBD";

// Independent reference: decode the code point by value, then apply the RFC 3629 rules.
bool reference_valid(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (b < 0x80) {
      ++i;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      len = 2;
      cp = b & 0x1Fu;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0Fu;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
      cp = b & 0x07u;
    } else {
      return false;
    }
    if (s.size() - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    constexpr std::uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

// Expands each '#' in the pattern to U+FFFD, keeping expectations readable.
std::string with_fffd(std::string_view pattern) {
  std::string s;
  for (const char c : pattern) {
    if (c == '#') {
      s.append(kFffd);
    } else {
      s.push_back(c);
    }
  }
  return s;
}

}  // namespace

TEST_CASE("irc::is_valid_utf8 accepts well-formed text and boundary code points") {
  for (const auto s : {""sv, "hello"sv, "héllo"sv, "€"sv, "\xF0\x9D\x84\x9E"sv, "a\0b"sv,
                       "\xC2\x80"sv,          // U+0080
                       "\xDF\xBF"sv,          // U+07FF
                       "\xE0\xA0\x80"sv,      // U+0800
                       "\xED\x9F\xBF"sv,      // U+D7FF, just below the surrogates
                       "\xEE\x80\x80"sv,      // U+E000, just above
                       "\xEF\xBF\xBF"sv,      // U+FFFF
                       "\xF0\x90\x80\x80"sv,  // U+10000
                       "\xF4\x8F\xBF\xBF"sv,  // U+10FFFF
                       "plain ascii longer than eight bytes, then €"sv}) {
    CAPTURE(s);
    CHECK(is_valid_utf8(s));
  }
}

TEST_CASE("irc::is_valid_utf8 rejects overlongs, surrogates, out of range and truncation") {
  const std::string_view overlongs[] = {"\xC0\x80"sv,     "\xC1\xBF"sv,         "\xE0\x80\x80"sv,
                                        "\xE0\x9F\xBF"sv, "\xF0\x80\x80\x80"sv, "\xF0\x8F\xBF\xBF"sv};
  const std::string_view surrogates[] = {"\xED\xA0\x80"sv, "\xED\xBF\xBF"sv};
  const std::string_view beyond_max[] = {"\xF4\x90\x80\x80"sv, "\xF5\x80\x80\x80"sv, "\xFE"sv, "\xFF"sv};
  const std::string_view truncated[] = {"\xC3"sv, "\xE2\x82"sv, "\xF0\x9F\x98"sv, "a\xE2\x82\x62"sv};
  const std::string_view stray[] = {"\x80"sv, "\xBF"sv, "\xC3\xA9\xA9"sv};
  const std::string_view past_fast_path[] = {"0123456789abc\xFF\x64\x65\x66\x67\x68\x69\x6A"sv};
  for (const auto& group :
       {std::span<const std::string_view>(overlongs), std::span<const std::string_view>(surrogates),
        std::span<const std::string_view>(beyond_max), std::span<const std::string_view>(truncated),
        std::span<const std::string_view>(stray), std::span<const std::string_view>(past_fast_path)}) {
    for (const auto s : group) {
      CAPTURE(s);
      CHECK_FALSE(is_valid_utf8(s));
    }
  }
}

TEST_CASE("irc::is_valid_utf8 agrees with a reference decoder") {
  std::string s;
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      s = {static_cast<char>(a), static_cast<char>(b)};
      if (is_valid_utf8(s) != reference_valid(s)) FAIL("mismatch on 2 bytes " << a << " " << b);
    }
  }
  for (int a = 0xC0; a < 256; ++a) {
    for (int b = 0x70; b < 0xD0; ++b) {
      for (const int c : {0x41, 0x80, 0xBF, 0xC0}) {
        for (const int d : {0x41, 0x80, 0xBF}) {
          s = {static_cast<char>(a), static_cast<char>(b), static_cast<char>(c), static_cast<char>(d)};
          if (is_valid_utf8(s) != reference_valid(s)) FAIL("mismatch on 4 bytes " << a << " " << b << " " << c);
          s.pop_back();
          if (is_valid_utf8(s) != reference_valid(s)) FAIL("mismatch on 3 bytes " << a << " " << b << " " << c);
        }
      }
    }
  }
}

TEST_CASE("irc::utf8_cut never splits a character") {
  const std::string_view s = "h\xC3\xA9llo";  // "héllo"
  CHECK(utf8_cut(s, 0) == 0);
  CHECK(utf8_cut(s, 1) == 1);
  CHECK(utf8_cut(s, 2) == 1);
  CHECK(utf8_cut(s, 3) == 3);
  CHECK(utf8_cut(s, 6) == 6);
  CHECK(utf8_cut(s, 100) == 6);

  const std::string_view euros = "€€";
  CHECK(utf8_cut(euros, 4) == 3);
  CHECK(utf8_cut(euros, 5) == 3);
  CHECK(utf8_cut(euros, 6) == 6);

  const std::string_view emoji = "\xF0\x9F\x98\x80!";
  CHECK(utf8_cut(emoji, 1) == 0);
  CHECK(utf8_cut(emoji, 2) == 0);
  CHECK(utf8_cut(emoji, 3) == 0);
  CHECK(utf8_cut(emoji, 4) == 4);

  CHECK(utf8_cut("", 0) == 0);
  CHECK(utf8_cut("", 10) == 0);
  CHECK(utf8_cut("abc", 2) == 2);
}

TEST_CASE("irc::utf8_cut on ill-formed input stays in range") {
  CHECK(utf8_cut("\x80\x80\x80\x80\x80", 2) == 2);  // stray continuations: no lead to back up to
  CHECK(utf8_cut("a\x80\x80", 2) == 2);             // ASCII does not own the continuation
  CHECK(utf8_cut("\xC3\xA9\x80", 2) == 2);          // 'é' is complete; the extra byte is stray
  CHECK(utf8_cut("\xE2\x82\x41", 2) == 2);          // truncated sequence followed by ASCII
  CHECK(utf8_cut("\xF4\x90\x80\x80", 3) == 0);
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  for (std::size_t max = 0; max <= bytes.size() + 1; ++max) CHECK(utf8_cut(bytes, max) <= max);
}

TEST_CASE("irc::sanitize_utf8 returns valid text unchanged") {
  CHECK(sanitize_utf8("") == "");
  CHECK(sanitize_utf8("héllo wörld €") == "héllo wörld €");
  CHECK(sanitize_utf8("a\0b"sv) == "a\0b"sv);
}

TEST_CASE("irc::sanitize_utf8 replaces maximal ill-formed subparts") {
  CHECK(sanitize_utf8("a\xFF"
                      "b") == with_fffd("a#b"));
  CHECK(sanitize_utf8("\xC3") == with_fffd("#"));
  CHECK(sanitize_utf8("\xE2\x82") == with_fffd("#"));
  CHECK(sanitize_utf8("\xE2\x82"
                      "A") == with_fffd("#A"));
  CHECK(sanitize_utf8("\xF0\x9F\x98"
                      "x") == with_fffd("#x"));
  CHECK(sanitize_utf8("\xC0\x80") == with_fffd("##"));
  CHECK(sanitize_utf8("\xE0\x80\x80") == with_fffd("###"));
  CHECK(sanitize_utf8("\xED\xA0\x80") == with_fffd("###"));
  CHECK(sanitize_utf8("\xF4\x90\x80\x80") == with_fffd("####"));
  CHECK(sanitize_utf8("é\xA9€") == with_fffd("é#€"));
  // Unicode 15 table 3-8.
  CHECK(sanitize_utf8("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64") == with_fffd("a###b#c##d"));
}

TEST_CASE("irc::sanitize_utf8 output is always valid") {
  std::string s;
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      s = {static_cast<char>(a), static_cast<char>(b), static_cast<char>(a ^ 0x40)};
      const std::string out = sanitize_utf8(s);
      if (!is_valid_utf8(out)) FAIL("invalid output for " << a << " " << b);
      if (is_valid_utf8(s) && out != s) FAIL("valid input changed for " << a << " " << b);
    }
  }
}
