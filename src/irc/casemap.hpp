// rfc1459 casemapping (A-Z -> a-z, []\~ -> {}|^) for nicknames, channels and masks (glob.hpp
// matches masks). Pure functions; safe to call from any thread.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace chatd::irc {

namespace detail {
// Built at compile time so folding is a single load with no branches on the hot path.
inline constexpr std::array<char, 256> kFoldTable = [] {
  std::array<char, 256> table{};
  for (int i = 0; i < 256; ++i) table[static_cast<std::size_t>(i)] = static_cast<char>(i);
  for (int c = 'A'; c <= 'Z'; ++c) table[static_cast<std::size_t>(c)] = static_cast<char>(c - 'A' + 'a');
  table['['] = '{';
  table[']'] = '}';
  table['\\'] = '|';
  table['~'] = '^';
  return table;
}();
}  // namespace detail

constexpr char fold_char(char c) noexcept { return detail::kFoldTable[static_cast<unsigned char>(c)]; }

std::string fold(std::string_view s);

// Same result as `out = fold(s)`, but keeps out's capacity for callers that fold in a loop.
void fold_into(std::string& out, std::string_view s);

bool equal_folded(std::string_view a, std::string_view b) noexcept;

}  // namespace chatd::irc
