// chatctl users: who is connected.
#include "chatctl/cli.hpp"
#include "chatctl/table.hpp"

namespace chatd::chatctl {

namespace {

void print(const Json& data) {
  Table table({"NICK", "USER@HOST", "SERVER", "CHANNELS", "IDLE", "CONNECTED SINCE", "TLS", "CERTFP"});
  for (const auto& u : data["users"]) {
    // A chatd older than TLS sends neither key.
    const bool tls = u.contains("tls") && u["tls"].is_boolean() && u["tls"].get<bool>();
    table.add({text_of(u["nick"]), text_of(u["user"]) + "@" + text_of(u["host"]),
               u.contains("server") ? text_of(u["server"]) : "", text_of(u["channels"]), format_duration(u["idle"]),
               format_time(u["signon"]), tls ? "yes" : "no", u.contains("certfp") ? text_of(u["certfp"]) : ""});
  }
  table.print();
}

}  // namespace

const CommandSpec kUsersCommand{
    "users",
    "users",
    "connected users: nick, user@host, channels, idle time, connected since, TLS",
    "Lists every registered user with user@host, the server they are connected to (in a\n"
    "cluster, every node's users are listed), the channels they are in, how long since\n"
    "they last spoke, when they connected, whether they use TLS and the SHA-256\n"
    "fingerprint of their client certificate, if any. --json adds realname, away and oper.\n",
    {},
    nullptr,
    print};

}  // namespace chatd::chatctl
