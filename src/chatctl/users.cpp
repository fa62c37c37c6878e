// chatctl users: who is connected.
#include "chatctl/cli.hpp"
#include "chatctl/table.hpp"

namespace chatd::chatctl {

namespace {

void print(const Json& data) {
  Table table({"NICK", "USER@HOST", "CHANNELS", "IDLE", "CONNECTED SINCE"});
  for (const auto& u : data["users"]) {
    table.add({text_of(u["nick"]), text_of(u["user"]) + "@" + text_of(u["host"]), text_of(u["channels"]),
               format_duration(u["idle"]), format_time(u["signon"])});
  }
  table.print();
}

}  // namespace

const CommandSpec kUsersCommand{"users",
                                "users",
                                "connected users: nick, user@host, channels, idle time, connected since",
                                "Lists every registered user with user@host, the channels they are in, how long since\n"
                                "they last spoke, and when they connected. --json adds realname, away and oper.\n",
                                {},
                                nullptr,
                                print};

}  // namespace chatd::chatctl
