// The vocabulary of chatctl: how a command is described (CommandSpec), how its arguments are
// split (Args), and the errors that pick the exit code. One file per command defines one or
// two CommandSpecs; main.cpp lists them. Single-threaded, like the whole program.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "admin/request.hpp"
#include "cli/options.hpp"

namespace chatd::chatctl {

using admin::Json;

// Exit codes (documented in --help).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the daemon refused or the command failed
inline constexpr int kExitUsage = cli::kExitUsage;
inline constexpr int kExitUnreachable = 3;  // no daemon at the socket, or no reply in time

using cli::Args;
using cli::OptionSpec;
using cli::UsageError;

// Throws UsageError unless there are between min and max positional arguments.
void require_positional(const Args& args, std::size_t min, std::size_t max);

struct CommandSpec {
  std::string_view name;
  std::string_view synopsis;            // after "chatctl [OPTIONS] ", e.g. "kick NICK CHANNEL [REASON]"
  std::string_view summary;             // one line for chatctl --help
  std::string_view details;             // the body of `chatctl NAME --help`, before its options
  std::span<const OptionSpec> options;  // the command's own options (parsed and listed from here)
  // Builds the request from the parsed arguments; throws UsageError. Null: the command takes none.
  Json (*request)(const Args& args);
  void (*print)(const Json& data);  // the human-readable form of "data"
};

// {"v":1,"cmd":name}: the start of every request.
Json new_request(std::string_view command);
// The request `raw` asks of `command`; UsageError when the arguments are wrong.
Json build_request(const CommandSpec& command, const std::vector<std::string>& raw);

// The commands, one definition per file.
extern const CommandSpec kStatusCommand;      // status.cpp
extern const CommandSpec kStatsCommand;       // stats.cpp
extern const CommandSpec kBridgesCommand;     // bridges.cpp
extern const CommandSpec kUsersCommand;       // users.cpp
extern const CommandSpec kChannelsCommand;    // channels.cpp
extern const CommandSpec kAnnounceCommand;    // announce.cpp
extern const CommandSpec kKickCommand;        // kick.cpp
extern const CommandSpec kDisconnectCommand;  // disconnect.cpp
extern const CommandSpec kReloadCommand;      // reload.cpp
extern const CommandSpec kHistoryCommand;     // history.cpp
extern const CommandSpec kAccountCommand;     // account.cpp

}  // namespace chatd::chatctl
