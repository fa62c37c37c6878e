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

}  // namespace chatd::irc
