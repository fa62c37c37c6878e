// chatctl reload: re-read the configuration and wait for the result, so that
// ExecReload=/usr/bin/chatctl reload reports a broken file as a failed reload.
#include <cstdio>

#include "chatctl/cli.hpp"
#include "chatctl/table.hpp"

namespace chatd::chatctl {

namespace {

void print(const Json& data) {
  if (data["changed"].empty()) {
    std::printf("reloaded %s: nothing changed\n", text_of(data["source"]).c_str());
    return;
  }
  std::printf("reloaded %s:\n", text_of(data["source"]).c_str());
  for (const auto& change : data["changed"]) {
    std::printf("  %s%s\n", text_of(change["key"]).c_str(),
                change["restart"].get<bool>() ? "  (needs a restart to take effect)" : "");
  }
}

}  // namespace

const CommandSpec kReloadCommand{
    "reload",
    "reload",
    "re-read the configuration file; fails if it has errors",
    "Makes chatd re-read its configuration file (as SIGHUP does) and waits for the outcome.\n"
    "On success it lists the keys whose values differ from what is running and marks those\n"
    "that need a restart (server.name, server.workers, server.io_uring, listen, admin.*,\n"
    "bridge): they stay listed on every reload until the restart. Everything else applies at once, to\n"
    "clients already connected where it can (limits.sendq: new connections only).\n"
    "The [tls] certificate and key are read again every time (changed files, same paths):\n"
    "new TLS handshakes use them, open sessions carry on.\n"
    "On errors (a certificate that is missing, unreadable, mismatched or expired included)\n"
    "it prints each one, exits 1, and chatd keeps its running configuration and certificate.\n"
    "No client is ever disconnected by a reload.\n",
    {},
    nullptr,
    print};

}  // namespace chatd::chatctl
