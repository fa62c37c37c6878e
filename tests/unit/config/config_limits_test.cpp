// The [limits] keys that protect chatd from hostile or broken clients (issue 8): their
// defaults, their ranges, and that each is read.
#include <doctest/doctest.h>

#include <string>

#include "support/config_test_util.hpp"

using chatd::config::Config;
using chatd::config::parse_config;
using namespace chatd::config::test;

namespace {
constexpr std::string_view kListen = "[[listen]]\naddress = \"127.0.0.1:1\"\n";

Config with_limits(const std::string& limits) {
  return parse_config("[limits]\n" + limits + std::string(kListen), kName);
}
}  // namespace

TEST_CASE("config::limits: protection defaults suit a LAN") {
  const Config c = parse_config(kListen, kName);
  CHECK(c.limits.max_clients == 10000);
  CHECK(c.limits.max_per_ip == 50);
  CHECK(c.limits.max_channels_per_user == 50);
  CHECK(c.limits.flood_lines_per_second == 10);
  CHECK(c.limits.flood_burst == 30);
  CHECK(c.limits.flood_bytes_per_second == 4096);
  CHECK(c.limits.flood_bytes_burst == 16384);
  CHECK(c.limits.recvq == 16384);
  CHECK(c.limits.nick_changes_per_10s == 5);
}

TEST_CASE("config::limits: every protection key is read") {
  const Config c = with_limits(
      "max_clients = 7\nmax_per_ip = 3\nmax_channels_per_user = 2\nflood_lines_per_second = 4\n"
      "flood_burst = 5\nflood_bytes_per_second = 1000\nflood_bytes_burst = 2000\nrecvq = 4096\n"
      "nick_changes_per_10s = 1\n");
  CHECK(c.limits.max_clients == 7);
  CHECK(c.limits.max_per_ip == 3);
  CHECK(c.limits.max_channels_per_user == 2);
  CHECK(c.limits.flood_lines_per_second == 4);
  CHECK(c.limits.flood_burst == 5);
  CHECK(c.limits.flood_bytes_per_second == 1000);
  CHECK(c.limits.flood_bytes_burst == 2000);
  CHECK(c.limits.recvq == 4096);
  CHECK(c.limits.nick_changes_per_10s == 1);
}

TEST_CASE("config::limits: protection keys refuse zero, out-of-range and wrong types") {
  CHECK(only_error("[limits]\nmax_clients = 0\n" + std::string(kListen)) ==
        "test.toml:2: limits.max_clients: must be between 1 and 1000000 (got 0)");
  CHECK(only_error("[limits]\nmax_per_ip = -1\n" + std::string(kListen)) ==
        "test.toml:2: limits.max_per_ip: must be between 1 and 1000000 (got -1)");
  CHECK(only_error("[limits]\nmax_channels_per_user = 0\n" + std::string(kListen)) ==
        "test.toml:2: limits.max_channels_per_user: must be between 1 and 10000 (got 0)");
  CHECK(only_error("[limits]\nflood_lines_per_second = 0\n" + std::string(kListen)) ==
        "test.toml:2: limits.flood_lines_per_second: must be between 1 and 100000 (got 0)");
  CHECK(only_error("[limits]\nflood_burst = 0\n" + std::string(kListen)) ==
        "test.toml:2: limits.flood_burst: must be between 1 and 100000 (got 0)");
  CHECK(only_error("[limits]\nflood_bytes_per_second = 100\n" + std::string(kListen)) ==
        "test.toml:2: limits.flood_bytes_per_second: must be between 512 and 1073741824 (got 100)");
  CHECK(only_error("[limits]\nflood_bytes_burst = 511\n" + std::string(kListen)) ==
        "test.toml:2: limits.flood_bytes_burst: must be between 512 and 1073741824 (got 511)");
  CHECK(only_error("[limits]\nrecvq = 1023\n" + std::string(kListen)) ==
        "test.toml:2: limits.recvq: must be between 1024 and 1073741824 (got 1023)");
  CHECK(only_error("[limits]\nnick_changes_per_10s = 0\n" + std::string(kListen)) ==
        "test.toml:2: limits.nick_changes_per_10s: must be between 1 and 1000 (got 0)");
  CHECK(only_error("[limits]\nmax_clients = \"many\"\n" + std::string(kListen)) ==
        "test.toml:2: limits.max_clients: expected an integer, got a string");
}
