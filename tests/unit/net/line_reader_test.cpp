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

TEST_CASE("net::LineReader: take_partial ends the pending line where the input paused") {
  LineReader reader(512);
  CHECK_FALSE(reader.mid_line());
  CHECK(feed_all(reader, {"hel", "lo"}).empty());
  CHECK(reader.mid_line());
  CHECK(reader.take_partial() == "hello");
  CHECK_FALSE(reader.mid_line());
  CHECK(reader.take_partial().empty());
  // The next bytes start a new line; a line end still ends one at once.
  CHECK(feed_all(reader, {"a\nb"}) == std::vector<std::string>{"a"});
  CHECK(reader.take_partial() == "b");
}

TEST_CASE("net::LineReader: a pause ends an overlong line too, and the LF of a CR LF stays behind") {
  LineReader reader(10);
  int overlong = 0;
  CHECK(feed_all(reader, {std::string(20, 'x')}, &overlong).empty());
  CHECK(overlong == 1);
  CHECK(reader.mid_line());
  CHECK(reader.take_partial().empty());  // dropped, and already reported
  CHECK(feed_all(reader, {"ok\r"}, &overlong) == std::vector<std::string>{"ok"});
  CHECK(reader.take_partial().empty());
  // The LF that completes "ok\r\n" belongs to "ok", not to a new empty line.
  CHECK(feed_all(reader, {"\nnext\n"}, &overlong) == std::vector<std::string>{"next"});
  CHECK(overlong == 1);
}
