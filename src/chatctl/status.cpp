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
}

}  // namespace

const CommandSpec kStatusCommand{
    "status",
    "status",
    "version, uptime, workers and how many clients, channels and bridges",
    "Shows the daemon's version, the absolute path of its configuration file, start time and\n"
    "uptime, worker threads (the bridge thread is not one), how many clients it has (registered\n"
    "and still registering, with the peak since start-up and the limits.max_clients cap),\n"
    "channels and bridges.\n",
    {},
    nullptr,
    print};

}  // namespace chatd::chatctl
