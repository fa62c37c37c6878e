// chatctl status: what the daemon is and how busy.
#include "chatctl/cli.hpp"
#include "chatctl/table.hpp"

namespace chatd::chatctl {

namespace {

void print(const Json& data) {
  print_fields({
      {"version", text_of(data["version"])},
      {"server", text_of(data["server"])},
      {"config", text_of(data["config"])},
      {"started", format_time(data["started"])},
      {"uptime", format_duration(data["uptime"])},
      {"workers", text_of(data["workers"])},
      {"clients", text_of(data["clients"]) + " (+" + text_of(data["unregistered"]) + " registering; peak " +
                      text_of(data["peak_clients"]) + ", limit " + text_of(data["client_limit"]) + ")"},
      {"channels", text_of(data["channels"])},
      {"bridges", text_of(data["bridges"])},
  });
  if (!data.contains("cluster")) return;
  const Json& c = data["cluster"];
  const bool connected = c["connected"].is_boolean() && c["connected"].get<bool>();
  const bool jetstream = c["jetstream"].is_boolean() && c["jetstream"].get<bool>();
  print_fields({
      {"cluster node", text_of(c["node"])},
      {"NATS", connected ? text_of(c["nats"]) : "not connected (reconnecting)"},
      {"JetStream", jetstream ? "answering" : "not answering: no new nicks, channels or modes"},
      {"events", text_of(c["published"]) + " sent (" + text_of(c["queued"]) + " queued, " + text_of(c["dropped"]) +
                     " dropped), " + text_of(c["received"]) + " received, " + text_of(c["malformed"]) + " malformed"},
      {"nodes lost", text_of(c["nodes_lost"])},
  });
  Table table({"NODE", "USERS", "LAST HEARTBEAT"});
  for (const auto& p : c["peers"]) {
    table.add({text_of(p["node"]), text_of(p["users"]), format_duration(p["seen_ago"]) + " ago"});
  }
  table.print();
}

}  // namespace

const CommandSpec kStatusCommand{
    "status",
    "status",
    "version, uptime, workers and how many clients, channels and bridges",
    "Shows the daemon's version, the absolute path of its configuration file, start time and\n"
    "uptime, worker threads (the bridge thread is not one), how many clients it has (registered\n"
    "and still registering, with the peak since start-up and the limits.max_clients cap),\n"
    "channels and bridges. A cluster node also shows its name, the NATS server it is connected\n"
    "to, whether JetStream answers, its event counters and the other nodes with their users.\n",
    {},
    nullptr,
    print};

}  // namespace chatd::chatctl
