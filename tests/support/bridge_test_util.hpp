// Helpers shared by the bridge black-box tests (11-multicast, 12-broadcast): the skip rule
// for machines without namespaces, bridge configs, and bounded waits on chatd's log.
#pragma once

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>

#include "support/chatd_fixture.hpp"
#include "support/chatd_process.hpp"
#include "support/irc_client.hpp"
#include "support/netns.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"
#include "support/udp_peer.hpp"

namespace chatd::test {

// Namespace tests are skipped (and pass) where they cannot run; CI runs as root.
#define SKIP_WITHOUT_NETNS()                                           \
  do {                                                                 \
    if (auto why = ::chatd::test::netns_unavailable(); !why.empty()) { \
      MESSAGE("skipped: " << why);                                     \
      return;                                                          \
    }                                                                  \
  } while (false)

// One [[bridge]] table for #lan; `keys` adds or overrides nothing, it is appended verbatim.
inline std::string bridge_table(std::string_view kind_keys, std::string_view interface, std::string_view keys = "") {
  return "[[bridge]]\nchannel = \"#lan\"\n" + std::string(kind_keys) + "interface = \"" + std::string(interface) +
         "\"\n" + std::string(keys);
}

inline std::string multicast_keys(std::uint16_t port = 5004) {
  return "kind = \"multicast\"\ngroup = \"224.1.1.1\"\nport = " + std::to_string(port) + "\n";
}

// A registered IRC client in #lan.
inline IrcClient join_lan(std::uint16_t port, std::string_view nick) {
  IrcClient client(port);
  client.register_as(nick);
  protocol::join_channel(client, "#lan");
  return client;
}

// chatd with one bridge in a fresh namespace on loopback; the calling thread stays inside
// it while this lives. The constructor waits until chatd's log shows `ready`.
struct LoopbackHost {
  explicit LoopbackHost(const std::string& bridge, std::string_view ready = "open on")
      : chatd(basic_config(port, bridge), port) {
    REQUIRE(wait_for_log(chatd, ready));
  }

  Netns ns;
  NetnsScope inside{ns};
  std::uint16_t port = free_port();
  ChatdProcess chatd;
};

// Three hosts on a switch: A runs chatd with `bridge`, has alice in #lan and a local receiver;
// B has a receiver; C has a receiver and a sender. Receivers listen on `udp_port` and join
// `group` unless it is empty (broadcast). The calling thread is back in its own namespace.
struct ThreeHosts {
  ThreeHosts(const std::string& bridge, std::uint16_t udp_port, std::string_view group) {
    {
      NetnsScope a(lan.host(0));
      chatd.emplace(basic_config(port, bridge), port);
      REQUIRE(wait_for_log(*chatd, "open on"));
      alice.emplace(join_lan(port, "alice"));
      local.emplace(UdpPeer::receiver(udp_port, group));
    }
    {
      NetnsScope b(lan.host(1));
      in_b.emplace(UdpPeer::receiver(udp_port, group));
    }
    NetnsScope c(lan.host(2));
    in_c.emplace(UdpPeer::receiver(udp_port, group));
    from_c.emplace(UdpPeer::sender());
  }

  // alice says `text`; every receiver (A's own, B's, C's) must hear "<alice> text" sent from A,
  // with IP TTL `ttl` unless it is -1.
  void alice_says(std::string_view text, int ttl = -1) {
    alice->send("PRIVMSG #lan :" + std::string(text));
    for (UdpPeer* peer : {&*in_b, &*in_c, &*local}) {
      auto d = peer->receive();
      REQUIRE(d);
      CHECK(d->payload == "<alice> " + std::string(text));
      if (ttl != -1) CHECK(d->ttl == ttl);
      CHECK(d->sender.rfind(Lan::address(0) + ":", 0) == 0);
    }
  }

  Lan lan{3};
  std::uint16_t port = free_port();
  std::optional<ChatdProcess> chatd;
  std::optional<IrcClient> alice;
  std::optional<UdpPeer> local, in_b, in_c, from_c;
};

}  // namespace chatd::test
