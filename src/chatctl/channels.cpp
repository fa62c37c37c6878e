// chatctl channels: the channels, who is in them, modes and topic.
#include "chatctl/cli.hpp"
#include "chatctl/table.hpp"

namespace chatd::chatctl {

namespace {

void print(const Json& data) {
  Table table({"CHANNEL", "USERS", "MODES", "MEMBERS", "TOPIC"});
  for (const auto& c : data["channels"]) {
    table.add({text_of(c["name"]), std::to_string(c["members"].size()), text_of(c["modes"]), text_of(c["members"]),
               text_of(c["topic"])});
  }
  table.print();
}

}  // namespace

const CommandSpec kChannelsCommand{
    "channels",
    "channels",
    "channels: members, modes and topic",
    "Lists every channel with its member count, modes, members (@ op, + voice) and topic.\n",
    {},
    nullptr,
    print};

}  // namespace chatd::chatctl
