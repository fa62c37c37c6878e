// libFuzzer: the wire invariants of irc::make_line for any params: at most 512 bytes, ends
// in CR LF, and no CR, LF or NUL before that. Input: middle params and the trailing,
// separated by 0x01 (the last piece is the trailing).
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "irc/line_builder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    auto end = input.find('\x01', start);
    parts.push_back(input.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  std::string_view a = parts.size() > 1 ? parts[0] : "", b = parts.size() > 2 ? parts[1] : "";
  std::string line = chatd::irc::make_line("nick!user@host", "PRIVMSG", {a, b}, parts.back());
  std::string bare = chatd::irc::make_line("server", "NOTICE", {parts.back()});
  for (const std::string& out : {line, bare}) {
    if (out.size() > chatd::irc::kMaxLineBytes || out.size() < 2) std::abort();
    if (out.compare(out.size() - 2, 2, "\r\n") != 0) std::abort();
    if (std::string_view(out).substr(0, out.size() - 2).find_first_of(std::string_view("\r\n\0", 3)) !=
        std::string_view::npos) {
      std::abort();
    }
  }
  return 0;
}
