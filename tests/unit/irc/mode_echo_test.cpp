#include "irc/mode_echo.hpp"

#include <doctest/doctest.h>

#include <string>

using chatd::irc::ModeEcho;

TEST_CASE("mode_echo: changes that fit go out as one line, signs written only when they change") {
  ModeEcho echo;
  CHECK(echo.empty());
  CHECK(echo.lines("a!u@h", "#c").empty());
  echo.add(true, 'i');
  echo.add(true, 'o', "bob");
  echo.add(false, 'v', "carol");
  echo.add(false, 'k', "*");
  auto lines = echo.lines("a!u@h", "#c");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == ":a!u@h MODE #c +io-vk bob carol *\r\n");
}

TEST_CASE("mode_echo: past 512 bytes the echo continues on a new complete line, sign repeated") {
  ModeEcho echo;
  const std::string mask(100, 'm');
  for (int i = 0; i < 10; ++i) echo.add(true, 'b', mask + std::to_string(i));
  auto lines = echo.lines("alice!alice@127.0.0.1", "#chan");
  REQUIRE(lines.size() == 3);
  std::string params;
  for (const auto& line : lines) {
    CHECK(line.size() <= 512);
    CHECK(line.starts_with(":alice!alice@127.0.0.1 MODE #chan +b"));
    CHECK(line.ends_with("\r\n"));
    params += line.substr(line.find(' ', line.find("+b")));
  }
  std::string want;
  for (int i = 0; i < 10; ++i) want += " " + mask + std::to_string(i) + (i == 3 || i == 7 ? "\r\n" : "");
  CHECK(params == want + "\r\n");
}

TEST_CASE("mode_echo: at most 13 parameters per line (15 with the target and the letters)") {
  ModeEcho echo;
  for (int i = 0; i < 20; ++i) echo.add(i % 2 == 0, 'v', "n" + std::to_string(i));
  echo.add(true, 'n');
  auto lines = echo.lines("s", "#c");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == ":s MODE #c +v-v+v-v+v-v+v-v+v-v+v-v+v n0 n1 n2 n3 n4 n5 n6 n7 n8 n9 n10 n11 n12\r\n");
  CHECK(lines[1] == ":s MODE #c -v+v-v+v-v+v-v+n n13 n14 n15 n16 n17 n18 n19\r\n");
}
