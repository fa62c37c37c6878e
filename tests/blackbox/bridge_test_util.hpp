// Helpers shared by the bridge black-box tests (11-multicast, 12-broadcast): the skip rule
// for machines without namespaces, bridge configs, and bounded waits on chatd's log.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/chatd_process.hpp"
#include "support/irc_client.hpp"
#include "support/netns.hpp"

namespace chatd::test {

// Namespace tests are skipped (and pass) where they cannot run; CI runs as root.
#define SKIP_WITHOUT_NETNS()                                             \
  do {                                                                   \
    if (auto why = ::chatd::test::netns_unavailable(); !why.empty()) {   \
      MESSAGE("skipped: " << why);                                       \
      return;                                                            \
    }                                                                    \
  } while (false)

// One [[bridge]] table for #lan; `keys` adds or overrides nothing, it is appended verbatim.
inline std::string bridge_table(std::string_view kind_keys, std::string_view interface,
                                std::string_view keys = "") {
  return "[[bridge]]\nchannel = \"#lan\"\n" + std::string(kind_keys) + "interface = \"" + std::string(interface) +
         "\"\n" + std::string(keys);
}

inline std::string multicast_keys(std::uint16_t port = 5004) {
  return "kind = \"multicast\"\ngroup = \"224.1.1.1\"\nport = " + std::to_string(port) + "\n";
}

// Waits (bounded) until chatd's log contains `needle`, e.g. until a bridge is open.
inline bool wait_for_log(const ChatdProcess& chatd, std::string_view needle, int timeout_ms = 3000) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (chatd.log().find(needle) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// A registered IRC client in #lan.
inline IrcClient join_lan(std::uint16_t port, std::string_view nick) {
  IrcClient client(port);
  client.register_as(nick);
  client.send("JOIN #lan");
  client.expect(" 366 ");
  return client;
}

inline bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace chatd::test
