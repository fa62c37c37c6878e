// libFuzzer: irc::GlobMask against an independent memoised reference matcher. The input is
// "mask\ntext"; masks over the caps must not compile, every other mask must agree with the
// reference on the text.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "irc/casemap.hpp"
#include "irc/glob.hpp"

namespace {

// match(m, t): does mask[m..] match text[t..]? Memoised, so at most |mask| x |text| calls.
struct Reference {
  std::string_view mask, text;
  std::vector<signed char> memo;  // -1 unknown, 0 no, 1 yes

  bool match(std::size_t m, std::size_t t) {
    signed char& slot = memo[m * (text.size() + 1) + t];
    if (slot >= 0) return slot;
    bool result;
    if (m == mask.size()) {
      result = t == text.size();
    } else if (mask[m] == '*') {
      result = match(m + 1, t) || (t < text.size() && match(m, t + 1));
    } else {
      result = t < text.size() &&
               (mask[m] == '?' || chatd::irc::fold_char(mask[m]) == chatd::irc::fold_char(text[t])) &&
               match(m + 1, t + 1);
    }
    slot = result;
    return result;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto newline = input.find('\n');
  if (newline == std::string_view::npos || size > 4096) return 0;
  std::string_view mask = input.substr(0, newline);
  std::string_view text = input.substr(newline + 1);
  auto compiled = chatd::irc::GlobMask::compile(mask);
  if (compiled.has_value() != chatd::irc::mask_within_caps(mask)) std::abort();
  if (!compiled) return 0;
  Reference reference{mask, text, std::vector<signed char>((mask.size() + 1) * (text.size() + 1), -1)};
  if (compiled->matches(text) != reference.match(0, 0)) std::abort();
  return 0;
}
