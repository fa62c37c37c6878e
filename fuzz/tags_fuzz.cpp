// libFuzzer: the IRCv3 tag section: split_tags, and escape/unescape as a round trip.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "irc/message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  for (const auto& tag : chatd::irc::split_tags(raw)) {
    if (tag.key.empty()) std::abort();
    std::string value = chatd::irc::unescape_tag_value(tag.raw_value);
    std::string escaped = chatd::irc::escape_tag_value(value);
    // An escaped value can sit in a tag section: no separator, space, CR or LF survives.
    if (escaped.find_first_of(std::string_view("; \r\n", 4)) != std::string::npos) std::abort();
    if (chatd::irc::unescape_tag_value(escaped) != value) std::abort();
  }
  // Any byte string is a value too.
  if (chatd::irc::unescape_tag_value(chatd::irc::escape_tag_value(raw)) != raw) std::abort();
  return 0;
}
