// libFuzzer: what a bridge makes of any datagram from the LAN (decode_text), and of any line
// a channel might carry (encode_text): no crash, decoded lines are non-empty valid UTF-8
// without CR, LF or NUL, and encoded datagrams respect the size limit.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bridge/datagram_text.hpp"
#include "irc/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  for (const auto& line : chatd::bridge::decode_text(raw)) {
    if (line.empty() || !chatd::irc::is_valid_utf8(line)) std::abort();
    if (line.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) std::abort();
  }
  const std::size_t limit = 64 + (size % 1400);
  for (const auto& datagram : chatd::bridge::encode_text(raw, limit)) {
    if (datagram.size() > limit) std::abort();
  }
  return 0;
}
