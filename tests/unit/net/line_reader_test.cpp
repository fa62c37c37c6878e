// LineReader framing, including the hostile cases: bare CR, CR LF split across reads,
// overlong lines.
#include "net/line_reader.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using chatd::net::LineReader;

namespace {
std::vector<std::string> feed_all(LineReader& reader, std::initializer_list<std::string_view> chunks,
                                  int* overlong = nullptr) {
  std::vector<std::string> lines;
  for (auto chunk : chunks) {
    reader.feed(
        chunk,
        [&](std::string_view line) {
          lines.emplace_back(line);
          return true;
        },
        [&] {
          if (overlong) ++*overlong;
          return true;
        });
  }
  return lines;
}
}  // namespace

TEST_CASE("net::LineReader: LF, CR LF and a bare CR each end a line; no line holds a CR") {
  LineReader reader(512);
  auto lines = feed_all(reader, {"a\r\nb\nc\rd\r\n"});
  CHECK(lines == std::vector<std::string>{"a", "b", "c", "d"});
}

TEST_CASE("net::LineReader: CR LF split across two reads is one line end") {
  LineReader reader(512);
  auto lines = feed_all(reader, {"PING :x\r", "\nPING :y\r", "", "\n"});
  CHECK(lines == std::vector<std::string>{"PING :x", "PING :y"});
}

TEST_CASE("net::LineReader: a partial line is joined across reads") {
  LineReader reader(512);
  auto lines = feed_all(reader, {"PRIV", "MSG #a :h", "i\r\n"});
  CHECK(lines == std::vector<std::string>{"PRIVMSG #a :hi"});
  CHECK(reader.buffered() == 0);
}

TEST_CASE("net::LineReader: an overlong line is reported once and discarded up to its end") {
  LineReader reader(10);
  int overlong = 0;
  auto lines =
      feed_all(reader, {std::string(8, 'x'), std::string(8, 'y'), std::string(100, 'z'), "\r\nok\n"}, &overlong);
  CHECK(overlong == 1);
  CHECK(lines == std::vector<std::string>{"ok"});
  CHECK(reader.buffered() == 0);
}
