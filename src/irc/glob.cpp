#include "irc/glob.hpp"

#include "irc/casemap.hpp"
#include "irc/limits.hpp"

namespace chatd::irc {

namespace {

void set_bit(std::uint64_t* words, std::size_t bit) noexcept { words[bit / 64] |= std::uint64_t{1} << (bit % 64); }

}  // namespace

bool mask_within_caps(std::string_view mask) noexcept {
  if (mask.size() > kMaxMaskLength) return false;
  std::size_t wildcards = 0;
  for (char c : mask) wildcards += (c == '*' || c == '?');
  return wildcards <= kMaxMaskWildcards;
}

std::optional<GlobMask> GlobMask::compile(std::string_view mask) {
  if (!mask_within_caps(mask)) return std::nullopt;
  GlobMask g;
  std::size_t literals = 0;
  for (char c : mask) literals += c != '*';
  g.states_ = literals + 1;
  g.words_ = (g.states_ + 63) / 64;
  g.loops_.assign(g.words_, 0);

  // Rows: one per distinct folded byte of the mask, row 0 for all others.
  std::size_t rows = 1;
  for (char c : mask) {
    if (c == '*' || c == '?') continue;
    auto& row = g.row_of_[static_cast<unsigned char>(fold_char(c))];
    if (row == 0) row = static_cast<std::uint8_t>(rows++);
  }
  g.rows_.assign(rows * g.words_, 0);

  if (auto star = mask.rfind('*'); star != std::string_view::npos) {
    g.has_star_ = true;
    for (char c : mask.substr(star + 1)) g.tail_ += c == '?' ? c : fold_char(c);
  }

  std::size_t state = 0;  // states matched so far: the next literal moves state -> state + 1
  for (char c : mask) {
    if (c == '*') {
      g.literal_ = false;
      set_bit(g.loops_.data(), state);
      continue;
    }
    if (c == '?') {
      g.literal_ = false;
      for (std::size_t row = 0; row < rows; ++row) set_bit(&g.rows_[row * g.words_], state + 1);
    } else {
      set_bit(&g.rows_[g.row_of_[static_cast<unsigned char>(fold_char(c))] * g.words_], state + 1);
    }
    ++state;
  }
  return g;
}

bool GlobMask::matches(std::string_view text) const noexcept {
  // Every non-star byte of the mask consumes one byte of the text; without a '*', exactly one.
  if (text.size() < states_ - 1 || (!has_star_ && text.size() != states_ - 1)) return false;
  // What follows the last '*' must end the text; checked from the end, where masks like
  // "*aaa...b" against "aaa...a" differ at once.
  for (std::size_t i = 1; i <= tail_.size(); ++i) {
    const char want = tail_[tail_.size() - i];
    if (want != '?' && want != fold_char(text[text.size() - i])) return false;
  }
  // Four words cover kMaxMaskLength; the array keeps the hot loop free of allocation.
  static_assert(kMaxMaskLength + 1 <= 4 * 64);
  std::array<std::uint64_t, 4> live{};
  live[0] = 1;  // nothing matched yet
  for (char c : text) {
    const std::uint64_t* row = &rows_[row_of_[static_cast<unsigned char>(fold_char(c))] * words_];
    std::uint64_t carry = 0;  // the bit shifted out of the word below
    std::uint64_t any = 0;
    for (std::size_t w = 0; w < words_; ++w) {
      const std::uint64_t was = live[w];
      live[w] = (((was << 1) | carry) & row[w]) | (was & loops_[w]);
      carry = was >> 63;
      any |= live[w];
    }
    if (any == 0) return false;
  }
  const std::size_t last = states_ - 1;
  return (live[last / 64] >> (last % 64)) & 1;
}

bool match_mask(std::string_view mask, std::string_view text) {
  auto compiled = GlobMask::compile(mask);
  return compiled && compiled->matches(text);
}

}  // namespace chatd::irc
