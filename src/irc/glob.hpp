// GlobMask: an IRC wildcard mask ('*' any run, '?' any one byte, other bytes compared with
// rfc1459 folding) compiled once and matched in one pass over the text, never retrying: the
// mask is run as a bit-parallel automaton (Shift-And, with '*' as a state that loops on any
// byte), so a match costs |text| x ceil(|mask| / 64) word operations whatever the mask holds.
// The backtracking matcher it replaces cost |mask| x |text| on "*aaa...b" against "aaa...a",
// which a WHO flood turned into a stalled server (issue 13). Before the automaton runs, two
// checks that cost at most |mask| refuse most texts outright: the text must be long enough,
// and end with what the mask has after its last '*' (for "*!*@*.lan", ".lan").
//
// Masks longer than kMaxMaskLength or with more than kMaxMaskWildcards wildcards do not compile.
// Pure values; safe to use from any thread, const methods concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::irc {

class GlobMask {
 public:
  // nullopt when the mask is over the length or wildcard cap (the caller answers the client).
  static std::optional<GlobMask> compile(std::string_view mask);

  bool matches(std::string_view text) const noexcept;
  // True when the mask has no wildcard: it can only match one exact (folded) text.
  bool literal() const noexcept { return literal_; }

 private:
  GlobMask() = default;

  // State i (bit i, 0..states_-1) means "the first i non-star bytes of the mask are matched".
  std::size_t states_ = 1;
  std::size_t words_ = 1;
  bool literal_ = true;
  bool has_star_ = false;
  std::string tail_;                  // with a '*': the folded bytes after the last one ('?' kept)
  std::vector<std::uint64_t> loops_;  // states a '*' keeps alive on any byte
  // rows_[row * words_ + w]: the states a byte of that row may advance into. Bytes that occur
  // in the mask have their own row; row 0 serves every other byte (only '?' accepts them).
  std::vector<std::uint64_t> rows_;
  std::array<std::uint8_t, 256> row_of_{};  // folded byte -> row
};

// Whether the mask is within kMaxMaskLength and kMaxMaskWildcards.
bool mask_within_caps(std::string_view mask) noexcept;

// One-off match: compiles `mask` and matches `text`; false when the mask is over the caps.
bool match_mask(std::string_view mask, std::string_view text);

}  // namespace chatd::irc
