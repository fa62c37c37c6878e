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
      {"clients", text_of(data["clients"]) + " (+" + text_of(data["unregistered"]) + " registering, peak " +
                      text_of(data["max_clients"]) + ")"},
      {"channels", text_of(data["channels"])},
      {"bridges", text_of(data["bridges"])},
  });
}

}  // namespace

const CommandSpec kStatusCommand{
    "status",
    "status",
    "version, uptime, workers and how many clients, channels and bridges",
    "Shows the daemon's version, start time and uptime, worker threads, and how many clients\n"
    "(registered and still registering), channels and bridges it has.\n",
    nullptr,
    print};

}  // namespace chatd::chatctl
