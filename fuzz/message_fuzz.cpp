// libFuzzer: irc::parse_message on any received line (CR/LF already removed by the reader).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "irc/message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  auto message = chatd::irc::parse_message(line);
  if (!message) return 0;
  if (message->command.empty() || message->param_count > chatd::irc::kMaxParams) std::abort();
  // Every view points into the line it came from.
  auto inside = [&](std::string_view v) {
    return v.empty() || (v.data() >= line.data() && v.data() + v.size() <= line.data() + line.size());
  };
  if (!inside(message->command) || !inside(message->source) || !inside(message->tags)) std::abort();
  for (std::size_t i = 0; i < message->param_count; ++i) {
    if (!inside(message->arg(i))) std::abort();
  }
  return 0;
}
