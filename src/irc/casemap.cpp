#include "irc/casemap.hpp"

namespace chatd::irc {

std::string fold(std::string_view s) {
  std::string out;
  fold_into(out, s);
  return out;
}

void fold_into(std::string& out, std::string_view s) {
  out.resize(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) out[i] = fold_char(s[i]);
}

bool equal_folded(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (fold_char(a[i]) != fold_char(b[i])) return false;
  }
  return true;
}

bool match_mask(std::string_view mask, std::string_view text) noexcept {
  constexpr std::size_t kNoStar = std::string_view::npos;
  std::size_t m = 0;
  std::size_t t = 0;
  std::size_t star = kNoStar;  // position of the last '*' seen in mask
  std::size_t resume = 0;      // text position that '*' is currently assumed to end at
  while (t < text.size()) {
    if (m < mask.size() && mask[m] == '*') {
      star = m++;
      resume = t;
    } else if (m < mask.size() && (mask[m] == '?' || fold_char(mask[m]) == fold_char(text[t]))) {
      ++m;
      ++t;
    } else if (star != kNoStar) {
      // Let the last '*' swallow one more byte. Earlier stars never need revisiting: whatever
      // they could absorb, the last star can absorb too, which is what keeps this polynomial.
      m = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (m < mask.size() && mask[m] == '*') ++m;
  return m == mask.size();
}

}  // namespace chatd::irc
