// The admin commands: what each is called, whether it changes state (those are logged with
// the caller's uid and pid), and the function that runs it. One file per family:
// admin_status.cpp (status, stats, bridges), admin_users.cpp (users, channels),
// admin_announce.cpp, admin_moderation.cpp (kick, disconnect), admin_reload.cpp,
// admin_history.cpp (history_stats, history_prune), admin_accounts.cpp (account_*).
//
// Thread rules: everything here runs on the main loop. Chat state is read and changed under
// the registry mutex; a client's connection is only ever touched through Fanout, on its loop.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "admin/request.hpp"
#include "config/config_diff.hpp"
#include "irc/server_context.hpp"

namespace chatd::admin {

class BridgeDirectory;

// What the commands may use. Owned by the server; outlives every admin connection.
struct CommandContext {
  irc::ServerContext& server;
  std::function<config::ReloadReport()> reload;
  BridgeDirectory* bridges = nullptr;  // null without [[bridge]] tables (bridge_directory.hpp)
  std::size_t workers = 0;             // worker threads (server.fanout also counts the bridge loop)
};

// Who sent a request, from SO_PEERCRED.
struct Peer {
  pid_t pid = 0;
  uid_t uid = 0;
};

using CommandFn = Json (*)(CommandContext&, const Request&);

struct Command {
  std::string_view name;
  bool changes_state;
  CommandFn run;
};

// nullptr for an unknown name.
const Command* find_command(std::string_view name);
// Every command, sorted by name.
std::span<const Command> all_commands() noexcept;

// Parses, logs (state-changing commands), runs and answers one request line. Never throws:
// every failure becomes an error reply.
std::string handle_request(CommandContext& context, std::string_view line, const Peer& peer);

// The command functions, by family.
Json run_status(CommandContext&, const Request&);
Json run_stats(CommandContext&, const Request&);
Json run_bridges(CommandContext&, const Request&);
Json run_users(CommandContext&, const Request&);
Json run_channels(CommandContext&, const Request&);
Json run_announce(CommandContext&, const Request&);
Json run_kick(CommandContext&, const Request&);
Json run_disconnect(CommandContext&, const Request&);
Json run_reload(CommandContext&, const Request&);
Json run_history_stats(CommandContext&, const Request&);
Json run_history_prune(CommandContext&, const Request&);
Json run_account_add(CommandContext&, const Request&);
Json run_account_del(CommandContext&, const Request&);
Json run_account_list(CommandContext&, const Request&);
Json run_account_passwd(CommandContext&, const Request&);
Json run_account_show(CommandContext&, const Request&);
Json run_account_certfp_add(CommandContext&, const Request&);
Json run_account_certfp_del(CommandContext&, const Request&);

}  // namespace chatd::admin
