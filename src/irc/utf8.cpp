#include "irc/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace chatd::irc {
namespace {

// Outcome of decoding one sequence: `len` bytes form a well-formed character when ok, otherwise
// `len` (>= 1) is the maximal subpart to replace, so decoding resumes where a valid sequence may start.
struct Step {
  std::size_t len;
  bool ok;
};

// The second-byte ranges come from RFC 3629 table 3-7; narrowing them is what rejects overlongs
// (E0, F0), surrogates (ED) and values beyond U+10FFFF (F4) without computing the code point.
Step decode_step(const unsigned char* p, std::size_t avail) noexcept {
  const unsigned char b = p[0];
  if (b < 0x80) return {1, true};
  std::size_t need = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) {
    need = 2;
  } else if (b == 0xE0) {
    need = 3;
    lo = 0xA0;
  } else if (b == 0xED) {
    need = 3;
    hi = 0x9F;
  } else if (b >= 0xE1 && b <= 0xEF) {
    need = 3;
  } else if (b == 0xF0) {
    need = 4;
    lo = 0x90;
  } else if (b >= 0xF1 && b <= 0xF3) {
    need = 4;
  } else if (b == 0xF4) {
    need = 4;
    hi = 0x8F;
  } else {
    return {1, false};  // stray continuation byte, C0/C1, F5..FF
  }
  for (std::size_t i = 1; i < need; ++i) {
    if (i >= avail || p[i] < lo || p[i] > hi) return {i, false};
    lo = 0x80;
    hi = 0xBF;
  }
  return {need, true};
}

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// Index of the first ill-formed byte, or npos. Chat text is mostly ASCII, so whole words of
// ASCII are skipped eight bytes at a time.
std::size_t first_invalid(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    if (n - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p + i, sizeof word);
      if ((word & kHighBits) == 0) {
        i += 8;
        continue;
      }
    }
    const Step st = decode_step(p + i, n - i);
    if (!st.ok) return i;
    i += st.len;
  }
  return std::string_view::npos;
}

constexpr bool is_continuation(unsigned char c) noexcept { return (c & 0xC0) == 0x80; }

// Sequence length announced by a lead byte, judged by bit pattern only: for cutting we only
// need to know whether a character would straddle the cut.
constexpr std::size_t lead_length(unsigned char c) noexcept {
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

}  // namespace

bool is_valid_utf8(std::string_view s) noexcept { return first_invalid(s) == std::string_view::npos; }

std::size_t utf8_cut(std::string_view s, std::size_t max_bytes) noexcept {
  if (max_bytes >= s.size()) return s.size();
  const std::size_t n = max_bytes;
  if (!is_continuation(static_cast<unsigned char>(s[n]))) return n;
  // s[n] continues something; find its lead byte (at most 3 back) and drop the whole character.
  for (std::size_t k = 1; k <= 3 && k <= n; ++k) {
    const auto b = static_cast<unsigned char>(s[n - k]);
    if (is_continuation(b)) continue;
    return lead_length(b) > k ? n - k : n;
  }
  return n;  // a run of stray continuation bytes: nothing sensible to keep together
}

std::string sanitize_utf8(std::string_view s) {
  std::size_t i = first_invalid(s);
  if (i == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size() + 2 * kReplacement.size());
  out.append(s.data(), i);
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  while (i < s.size()) {
    const Step st = decode_step(p + i, s.size() - i);
    if (st.ok) {
      out.append(s.data() + i, st.len);
    } else {
      out.append(kReplacement);
    }
    i += st.len;
  }
  return out;
}

}  // namespace chatd::irc
