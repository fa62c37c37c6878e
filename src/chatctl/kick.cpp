// chatctl kick: remove a user from a channel with a real KICK.
#include <cstdio>

#include "chatctl/cli.hpp"
#include "chatctl/table.hpp"

namespace chatd::chatctl {

namespace {

Json request(const Args& args) {
  // The caller prefixes the command's name: "chatctl: kick: missing CHANNEL".
  if (args.positional.empty()) throw UsageError("missing NICK and CHANNEL");
  if (args.positional.size() < 2) throw UsageError("missing CHANNEL");
  Json req = new_request("kick");
  req["nick"] = args.positional[0];
  req["channel"] = args.positional[1];
  if (args.positional.size() > 2) req["reason"] = args.rest_from(2);
  return req;
}

void print(const Json& data) {
  std::printf("kicked %s from %s (%s)\n", text_of(data["nick"]).c_str(), text_of(data["channel"]).c_str(),
              text_of(data["reason"]).c_str());
}

}  // namespace

const CommandSpec kKickCommand{"kick",
                               "kick NICK CHANNEL [REASON...]",
                               "kick a user out of a channel",
                               "Removes NICK from CHANNEL. Every member, NICK included, sees\n"
                               "    :<server.name> KICK CHANNEL NICK :REASON\n"
                               "The user stays connected and may join again.\n"
                               "\n"
                               "Example:\n"
                               "    chatctl kick alice '#lab' 'be nice'\n",
                               {},
                               request,
                               print};

}  // namespace chatd::chatctl
