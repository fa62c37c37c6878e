// The [[bridge]] section: defaults, every refused value with file:line:key, and the checks
// that span keys.
#include <doctest/doctest.h>

#include <string>

#include "config/config_loader.hpp"
#include "support/config_test_util.hpp"

using chatd::config::parse_config;
using namespace chatd::config::test;

namespace {

constexpr std::string_view kListen = "[[listen]]\naddress = \"127.0.0.1:6667\"\n";

// A config whose bridge table starts on line 3, so its first key is on line 4.
std::string with_bridge(std::string_view body) { return std::string(kListen) + "[[bridge]]\n" + std::string(body); }

const std::string kMulticast = "channel = \"#lan\"\nkind = \"multicast\"\ngroup = \"224.1.1.1\"\nport = 5004\n";

}  // namespace

TEST_CASE("config::bridge: a multicast bridge with defaults") {
  auto config = parse_config(with_bridge(kMulticast + "interface = \"127.0.0.1\"\n"), kName);
  REQUIRE(config.bridges.size() == 1);
  const auto& b = config.bridges[0];
  CHECK(b.channel == "#lan");
  CHECK(b.multicast());
  CHECK(b.destination() == "224.1.1.1");
  CHECK(b.port == 5004);
  CHECK(b.interface == "127.0.0.1");
  CHECK(b.ttl == 1);
  CHECK(b.loop);
  CHECK(b.format == "text");
  CHECK(b.max_datagram == 1400);
}

TEST_CASE("config::bridge: every key, IPv6 and broadcast") {
  auto config = parse_config(with_bridge(R"(channel = "#lan"
kind = "multicast"
group = "ff02::1:5"
port = 5004
interface = "lo"
ttl = 2
loop = false
format = "text"
max_datagram = 512
[[bridge]]
channel = "#bc"
kind = "broadcast"
address = "10.99.0.255"
port = 5005
interface = "10.99.0.1"
)"),
                             kName);
  REQUIRE(config.bridges.size() == 2);
  CHECK(config.bridges[0].group == "ff02::1:5");
  CHECK(config.bridges[0].ttl == 2);
  CHECK_FALSE(config.bridges[0].loop);
  CHECK(config.bridges[0].max_datagram == 512);
  CHECK_FALSE(config.bridges[1].multicast());
  CHECK(config.bridges[1].destination() == "10.99.0.255");
}

TEST_CASE("config::bridge: refused values name file, line and key") {
  const auto bad = [](std::string_view line) {
    return only_error(with_bridge(kMulticast + "interface = \"127.0.0.1\"\n" + std::string(line) + "\n"));
  };
  // The extra line is line 9.
  CHECK(bad("ttl = 256") == "test.toml:9: bridge[0].ttl: must be between 0 and 255 (got 256)");
  CHECK(bad("max_datagram = 63") == "test.toml:9: bridge[0].max_datagram: must be between 64 and 65507 (got 63)");
  CHECK(bad("max_datagram = 65508") == "test.toml:9: bridge[0].max_datagram: must be between 64 and 65507 (got 65508)");
  CHECK(bad("format = \"json\"") == "test.toml:9: bridge[0].format: must be one of \"text\" (got \"json\")");
  CHECK(bad("address = \"10.0.0.255\"") == "test.toml:9: bridge[0].address: only allowed with kind \"broadcast\"");
  CHECK(bad("loop = 1") == "test.toml:9: bridge[0].loop: expected a boolean, got an integer");

  CHECK(only_error(with_bridge("channel = \"#lan\"\nkind = \"multicast\"\ngroup = \"224.1.1.1\"\nport = 0\n"
                               "interface = \"127.0.0.1\"\n")) ==
        "test.toml:7: bridge[0].port: must be between 1 and 65535 (got 0)");
  CHECK(only_error(with_bridge("channel = \"lan\"\nkind = \"multicast\"\ngroup = \"224.1.1.1\"\nport = 1\n"
                               "interface = \"127.0.0.1\"\n")) ==
        "test.toml:4: bridge[0].channel: must start with '#' (got \"lan\")");
  CHECK(only_error(with_bridge("channel = \"#lan\"\nkind = \"unicast\"\ngroup = \"224.1.1.1\"\nport = 1\n"
                               "interface = \"127.0.0.1\"\n")) ==
        "test.toml:5: bridge[0].kind: must be \"multicast\" or \"broadcast\" (got \"unicast\")");
}

TEST_CASE("config::bridge: the group must be multicast") {
  const auto bad = [](std::string_view group) {
    return only_error(with_bridge("channel = \"#lan\"\nkind = \"multicast\"\ngroup = \"" + std::string(group) +
                                  "\"\nport = 5004\ninterface = \"lo\"\n"));
  };
  CHECK(bad("10.0.0.1") ==
        "test.toml:6: bridge[0].group: must be an IPv4 multicast address (224.0.0.0/4) or an IPv6 one "
        "(ff00::/8), got \"10.0.0.1\"");
  CHECK(contains(bad("240.0.0.1"), "bridge[0].group: must be an IPv4 multicast"));
  CHECK(contains(bad("fe80::1"), "bridge[0].group: must be an IPv4 multicast"));
  CHECK(contains(bad("lan"), "bridge[0].group: must be an IPv4 multicast"));
}

TEST_CASE("config::bridge: kind and destination must agree") {
  CHECK(only_error(with_bridge("channel = \"#lan\"\nkind = \"multicast\"\nport = 5004\ninterface = \"lo\"\n")) ==
        "test.toml:3: bridge[0].group: required for kind \"multicast\"");
  const auto errors = errors_of(with_bridge(R"(channel = "#lan"
kind = "broadcast"
group = "224.1.1.1"
ttl = 2
loop = true
port = 5004
interface = "lo"
)"));
  REQUIRE(errors.size() == 4);
  CHECK(errors[0] == "test.toml:3: bridge[0].address: required for kind \"broadcast\"");
  CHECK(errors[1] == "test.toml:6: bridge[0].group: only allowed with kind \"multicast\"");
  CHECK(errors[2] == "test.toml:7: bridge[0].ttl: only allowed with kind \"multicast\"");
  CHECK(errors[3] == "test.toml:8: bridge[0].loop: only allowed with kind \"multicast\"");
  CHECK(only_error(with_bridge("channel = \"#lan\"\nkind = \"broadcast\"\naddress = \"224.1.1.1\"\nport = 5004\n"
                               "interface = \"lo\"\n")) ==
        "test.toml:6: bridge[0].address: must be a subnet broadcast address or 255.255.255.255, got \"224.1.1.1\"");
}

TEST_CASE("config::bridge: the interface must exist and match the family") {
  CHECK(only_error(with_bridge(kMulticast + "interface = \"nosuchif0\"\n")) ==
        "test.toml:8: bridge[0].interface: unknown interface \"nosuchif0\" (give a local address or an existing "
        "interface name)");
  CHECK(only_error(with_bridge(kMulticast + "interface = \"::1\"\n")) ==
        "test.toml:8: bridge[0].interface: is an IPv6 address but \"224.1.1.1\" is not");
  CHECK(only_error(with_bridge("channel = \"#lan\"\nkind = \"multicast\"\ngroup = \"224.1.1.1\"\nport = 5004\n")) ==
        "test.toml:3: bridge[0].interface: required key is missing");
}

TEST_CASE("config::bridge: duplicates and channel length") {
  const std::string twice =
      with_bridge(kMulticast + "interface = \"lo\"\n[[bridge]]\n" + kMulticast + "interface = \"127.0.0.1\"\n");
  CHECK(only_error(twice) == "test.toml:12: bridge[1].group: same destination and port as bridge[0] (224.1.1.1:5004)");
  CHECK(only_error("[limits]\nchannel_length = 3\n" + with_bridge(kMulticast + "interface = \"lo\"\n")) ==
        "test.toml:6: bridge[0].channel: longer than limits.channel_length (3)");
}
