// libFuzzer: irc::irc_to_plain on any line a channel might produce: never crashes, and what
// it returns is one line of text ending in '\n'.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "irc/plain_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = chatd::irc::irc_to_plain(std::string_view(reinterpret_cast<const char*>(data), size));
  if (text && (text->empty() || text->back() != '\n')) std::abort();
  return 0;
}
