// libFuzzer: net::LineReader over any byte stream, cut into reads at the positions the first
// byte chooses. A 0xFF byte in the stream stands for a pause in the client's input, where the
// pending partial line is taken as complete (take_partial, the line listener's idle flush).
// No line holds CR or LF or exceeds the limit, and splitting the stream differently never
// changes the lines.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "net/line_reader.hpp"

namespace {

constexpr char kPause = '\xFF';

void check(std::string_view line) {
  if (line.size() > 64 || line.find_first_of("\r\n") != std::string_view::npos) std::abort();
}

std::vector<std::string> read_all(std::string_view stream, std::size_t step) {
  chatd::net::LineReader reader(64);
  std::vector<std::string> lines;
  const auto feed = [&](std::string_view data) {
    reader.feed(
        data,
        [&](std::string_view line) {
          check(line);
          lines.emplace_back(line);
          return true;
        },
        [&] {
          lines.emplace_back("<overlong>");
          return true;
        });
  };
  for (std::size_t at = 0; at < stream.size(); at += step) {
    std::string_view chunk = stream.substr(at, step);
    for (auto pause = chunk.find(kPause); pause != std::string_view::npos; pause = chunk.find(kPause)) {
      feed(chunk.substr(0, pause));
      std::string partial = reader.take_partial();
      check(partial);
      if (!partial.empty()) lines.push_back(std::move(partial));
      if (reader.mid_line()) std::abort();
      chunk.remove_prefix(pause + 1);
    }
    feed(chunk);
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
