// What changed between the running Config and a freshly loaded one, key by key, and whether
// each change needs a restart. Pure functions on immutable values; callable from any thread.
//
// Keys that take effect on reload: server.network, server.motd, server.motd_file,
// server.password, every limits.* key (limits.sendq for connections accepted afterwards),
// tls.* (the certificate and key are re-read on every reload, for new handshakes) and
// log.level. Keys that need a restart: server.name (clients cache it), server.workers and
// server.io_uring (the workers are made once), listen (the sockets are bound once) and
// admin.* (the socket is bound and chowned once).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace chatd::config {

struct KeyChange {
  std::string key;     // "server.motd", "limits.sendq", "listen", ...
  bool needs_restart;  // the running server keeps the old value until restarted

  bool operator==(const KeyChange&) const = default;
};

// The keys whose values differ, in file order. A different motd_file text shows as server.motd.
std::vector<KeyChange> diff_config(const Config& running, const Config& fresh);
// The same against what a server really runs with: `started` (its start-up config) for the keys
// that need a restart, `applied` (the config last swapped in) for the others. So a restart-only
// change stays reported on every reload until the restart, and undoing it is no change.
std::vector<KeyChange> diff_config(const Config& started, const Config& applied, const Config& fresh);

// Whether a change of `key` ("limits.sendq"; a key of a table array such as "listen.address"
// counts as its table) needs a restart; nullopt for a key diff_config does not know.
std::optional<bool> key_needs_restart(std::string_view key);

// The outcome of one reload: on success the changed keys, on failure every error found (and
// the running configuration untouched).
struct ReloadReport {
  bool ok = false;
  std::string source;
  std::vector<KeyChange> changes;
  std::vector<std::string> errors;
};

}  // namespace chatd::config
