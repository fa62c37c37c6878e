// chatctl disconnect: end a user's connection.
#include <cstdio>

#include "chatctl/cli.hpp"
#include "chatctl/table.hpp"

namespace chatd::chatctl {

namespace {

Json request(const Args& args) {
  if (args.positional.empty()) throw UsageError("missing NICK");
  Json req = new_request("disconnect");
  req["nick"] = args.positional[0];
  if (args.positional.size() > 1) req["reason"] = args.rest_from(1);
  return req;
}

void print(const Json& data) {
  std::printf("disconnected %s (%s)\n", text_of(data["nick"]).c_str(), text_of(data["reason"]).c_str());
}

}  // namespace

const CommandSpec kDisconnectCommand{"disconnect",
                                     "disconnect NICK [REASON...]",
                                     "close a user's connection",
                                     "Closes NICK's connection. The client gets\n"
                                     "    ERROR :Closing link: NICK[host] (REASON)\n"
                                     "and everyone sharing a channel with it sees it QUIT with REASON.\n"
                                     "\n"
                                     "Example:\n"
                                     "    chatctl disconnect bob 'bye'\n",
                                     {},
                                     request,
                                     print};

}  // namespace chatd::chatctl
