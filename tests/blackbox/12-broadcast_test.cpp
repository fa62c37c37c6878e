// Broadcast bridges over three hosts on one switch (namespaces the test creates): the
// channel reaches every host through the subnet broadcast address, and any host's
// broadcasts reach the channel, without echoes.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <tuple>

#include "support/bridge_test_util.hpp"
#include "support/text.hpp"
#include "support/udp_peer.hpp"

namespace {

using namespace chatd::test;

constexpr std::uint16_t kPort = 5005;

std::string broadcast_keys() {
  return "kind = \"broadcast\"\naddress = \"" + Lan::broadcast() + "\"\nport = " + std::to_string(kPort) + "\n";
}

}  // namespace

TEST_CASE("bcast: three hosts: the subnet broadcast carries the channel both ways, without echoes") {
  SKIP_WITHOUT_NETNS();
  ThreeHosts hosts(bridge_table(broadcast_keys(), Lan::address(0)), kPort, "");
  auto [alice, in_b, in_c, from_c] = std::tie(hosts.alice, hosts.in_b, hosts.in_c, hosts.from_c);
  hosts.alice_says("hello everyone");

  from_c->send_to(Lan::broadcast(), kPort, "hello from c\n");
  alice->expect(":udp-10-99-0-3!udp@10.99.0.3 PRIVMSG #lan :hello from c");
  // B hears C's broadcast once, straight from C; chatd does not broadcast it again.
  const auto heard_b = in_b->receive_all();
  REQUIRE(heard_b.size() == 1);
  CHECK(heard_b[0].payload == "hello from c\n");
  // chatd hears its own broadcasts but never turns them into chat.
  const auto rest = alice->read_until_quiet();
  for (const auto& line : rest) CHECK_FALSE(contains(line, "udp-10-99-0-1"));
  CHECK(rest.empty());
}
