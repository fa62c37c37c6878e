// chatctl bridges: the datagram bridges and their peers.
#include <cstdio>

#include "chatctl/cli.hpp"
#include "chatctl/table.hpp"

namespace chatd::chatctl {

namespace {

void print(const Json& data) {
  if (data["bridges"].empty()) {
    std::printf("no bridges\n");
    return;
  }
  Table table({"BRIDGE", "KIND", "GROUP", "CHANNEL", "PEERS"});
  for (const auto& b : data["bridges"]) {
    table.add({text_of(b.value("name", "")), text_of(b.value("kind", "")), text_of(b.value("group", "")),
               text_of(b.value("channel", "")), text_of(b.value("peers", Json()))});
  }
  table.print();
}

}  // namespace

const CommandSpec kBridgesCommand{
    "bridges",
    "bridges",
    "the multicast/broadcast bridges",
    "Lists the datagram bridges (multicast and broadcast) with the channel each carries.\n"
    "Their traffic counters are in `chatctl stats`.\n",
    {},
    nullptr,
    print};

}  // namespace chatd::chatctl
