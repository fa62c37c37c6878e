// A datagram bridge belongs to one node but hears its channel across the network: a multicast
// bridge on node a sends what users on node c say in the channel (doc/CLUSTER.md, "Other
// nodes' users"). Multicast never leaves a namespace the test made: NATS, the three chatd
// nodes, the UDP peers and the IRC clients all live in one (its own loopback, 224.0.0.0/4
// routed to lo), entered by the test's thread for the whole test, so every process it spawns
// and every socket it opens is inside.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "support/bridge_test_util.hpp"
#include "support/chatd_network.hpp"
#include "support/netns.hpp"
#include "support/udp_peer.hpp"

namespace {

using namespace chatd::test;

constexpr const char* kGroup = "224.1.1.1";
constexpr std::uint16_t kPort = 5004;
constexpr int kLines = 20;

NetworkOptions bridge_on_a() {
  NetworkOptions options;
  options.extra_of = {bridge_table(multicast_keys(kPort), "127.0.0.1", "ttl = 1\n")};
  return options;
}

// The namespace, a receiver on the group, nodes a, b, c with the bridge on a, and alice (node a)
// and carol (node c) in #lan, each knowing the other is there.
struct BridgedNetwork {
  BridgedNetwork() {
    REQUIRE(wait_for_log(net.node(0).process, "open on 127.0.0.1", 5000));
    alice.emplace(net.node(0).registered("alice"));
    carol.emplace(net.node(2).registered("carol"));
    carol->send("JOIN #lan");
    carol->expect(" 366 carol #lan");
    alice->send("JOIN #lan");
    const std::string names = alice->expect(" 353 alice ");
    alice->expect(" 366 alice #lan");
    carol->expect(":alice!alice@127.0.0.1 JOIN #lan");
    // Node a shows carol in NAMES if her JOIN came first, else the JOIN line follows; her
    // messages come after it either way (one node's events keep their order in the stream).
    if (names.find("carol") == std::string::npos) alice->expect(":carol!carol@127.0.0.1 JOIN #lan", 10000);
  }

  Netns ns;
  NetnsScope inside{ns};
  UdpPeer receiver = UdpPeer::receiver(kPort, kGroup);
  ChatdNetwork net{3, bridge_on_a()};
  std::optional<IrcClient> alice, carol;
};

// A datagram's lines come from a pseudo-user named after the sender's address; on lo the kernel
// picks the source address (see 11-multicast_test.cpp).
const std::string kFromLan = R"(^:udp-[0-9]+-[0-9]+-[0-9]+-[0-9]+!udp@[0-9.]+ PRIVMSG #lan :hello from the lan$)";

}  // namespace

TEST_CASE("cluster bridge: a bridge on node a carries messages from users on node c") {
  SKIP_WITHOUT_NETNS();
  BridgedNetwork n;
  CHECK(n.receiver.receive_all(300).empty());  // joins are not sent to the group

  for (int i = 1; i <= kLines; ++i) n.carol->send("PRIVMSG #lan :line " + std::to_string(i));
  std::vector<std::string> heard;
  while (static_cast<int>(heard.size()) < kLines) {
    auto d = n.receiver.receive(10000);
    if (!d) break;
    heard.push_back(d->payload);
  }
  for (const auto& d : n.receiver.receive_all(500)) heard.push_back(d.payload);
  std::vector<std::string> expected;
  for (int i = 1; i <= kLines; ++i) expected.push_back("<carol> line " + std::to_string(i));
  CHECK(heard == expected);  // exactly once each, in order, from node a's bridge only

  // Alice, on the bridge's node, has them as IRC lines; carol gets none of her own back.
  int at_alice = 0;
  for (const auto& line : n.alice->read_until_quiet())
    at_alice += line.find(":carol!carol@127.0.0.1 PRIVMSG #lan :line ") != std::string::npos ? 1 : 0;
  CHECK(at_alice == kLines);
  CHECK(n.carol->read_until_quiet().empty());

  // What the bridge hears reaches node a's own members once, and is not sent to the group again.
  auto sender = UdpPeer::sender(1);
  sender.send_to(kGroup, kPort, "hello from the lan\n");
  n.alice->expect_re(kFromLan);
  CHECK(n.alice->read_until_quiet().empty());
  const auto echoed = n.receiver.receive_all(500);
  REQUIRE(echoed.size() == 1);  // the sender's own datagram, looped back
  CHECK(echoed[0].payload == "hello from the lan\n");
}

TEST_CASE("cluster bridge: a datagram heard by node a's bridge reaches a user on node c") {
  SKIP_WITHOUT_NETNS();
  BridgedNetwork n;
  auto sender = UdpPeer::sender(1);
  sender.send_to(kGroup, kPort, "hello from the lan\n");
  n.alice->expect_re(kFromLan);
  n.carol->expect_re(kFromLan, 3000);
  CHECK(n.carol->read_until_quiet().empty());  // once
}
