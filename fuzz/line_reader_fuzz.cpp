// libFuzzer: net::LineReader over any byte stream, cut into reads at the positions the first
// byte chooses. No line holds CR or LF or exceeds the limit, and splitting the stream
// differently never changes the lines.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "net/line_reader.hpp"

namespace {
std::vector<std::string> read_all(std::string_view stream, std::size_t step) {
  chatd::net::LineReader reader(64);
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < stream.size(); at += step) {
    reader.feed(
        stream.substr(at, step),
        [&](std::string_view line) {
          if (line.size() > 64 || line.find_first_of("\r\n") != std::string_view::npos) std::abort();
          lines.emplace_back(line);
          return true;
        },
        [&] {
          lines.emplace_back("<overlong>");
          return true;
        });
  }
  return lines;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t step = data[0] % 17 + 1;
  std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (read_all(stream, step) != read_all(stream, stream.size() + 1)) std::abort();
  return 0;
}
