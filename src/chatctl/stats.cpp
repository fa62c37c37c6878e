// chatctl stats: traffic counters since start-up, and each bridge's.
#include <cstdio>

#include "chatctl/cli.hpp"
#include "chatctl/table.hpp"

namespace chatd::chatctl {

namespace {

void print(const Json& data) {
  print_fields({
      {"uptime", format_duration(data["uptime"])},
      {"lines in", text_of(data["lines_in"])},
      {"bytes in", text_of(data["bytes_in"])},
      {"lines out", text_of(data["lines_out"])},
      {"bytes out", text_of(data["bytes_out"])},
      {"messages relayed", text_of(data["messages_out"])},
      {"fan-out deliveries", text_of(data["deliveries"])},
      {"sendq kills", text_of(data["sendq_kills"])},
  });
  if (data["bridges"].empty()) return;
  std::printf("\n");
  Table table({"BRIDGE", "DATAGRAMS IN", "DATAGRAMS OUT", "BYTES IN", "BYTES OUT", "DROPPED"});
  for (const auto& b : data["bridges"]) {
    table.add({text_of(b.value("name", "")), text_of(b.value("datagrams_in", Json())),
               text_of(b.value("datagrams_out", Json())), text_of(b.value("bytes_in", Json())),
               text_of(b.value("bytes_out", Json())), text_of(b.value("dropped", Json()))});
  }
  table.print();
}

}  // namespace

const CommandSpec kStatsCommand{
    "stats",
    "stats",
    "traffic counters: lines and bytes in/out, deliveries, sendq kills, bridges",
    "Shows counters since the daemon started: lines and bytes received from clients, lines\n"
    "queued for them and bytes written to them, messages relayed and the deliveries they fanned out to (one per\n"
    "recipient), clients dropped for a full send queue, and each bridge's datagram counters.\n",
    {},
    nullptr,
    print};

}  // namespace chatd::chatctl
