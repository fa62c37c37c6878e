// chatctl: the chatd administration tool. Sends one versioned JSON request to the daemon's
// admin socket and prints the reply as a table (or as JSON with --json).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "chatctl/admin_client.hpp"
#include "chatctl/cli.hpp"
#include "chatctl/table.hpp"
#include "irc/server_context.hpp"

namespace {

using namespace chatd::chatctl;

constexpr const char* kDefaultSocket = "/run/chatd/admin.sock";
constexpr double kDefaultTimeout = 10;

const CommandSpec* const kCommands[] = {
    &kStatusCommand,     &kUsersCommand,  &kChannelsCommand, &kAnnounceCommand, &kKickCommand,
    &kDisconnectCommand, &kReloadCommand, &kStatsCommand,    &kBridgesCommand,
};

void usage(std::FILE* out) {
  std::fprintf(out,
               "Usage: chatctl [--socket PATH] [--json] [--timeout S] COMMAND [ARGS]\n"
               "       chatctl COMMAND --help\n"
               "\n"
               "Administers a running chatd through its admin socket.\n"
               "\n"
               "Commands:\n");
  for (const CommandSpec* command : kCommands) {
    std::fprintf(out, "  %-11s %.*s\n", std::string(command->name).c_str(), static_cast<int>(command->summary.size()),
                 command->summary.data());
  }
  std::fprintf(out,
               "\n"
               "Options:\n"
               "  -s, --socket PATH  the admin socket (default %s)\n"
               "  -j, --json         print the daemon's JSON reply instead of a table\n"
               "  -t, --timeout S    seconds to wait for the daemon (default %g)\n"
               "  -V, --version      print the version and exit\n"
               "  -h, --help         print this help and exit\n"
               "\n"
               "Exit status: 0 done; 1 the daemon refused or the command failed; 2 usage error;\n"
               "3 the daemon cannot be reached (not running, permission denied, no reply in time).\n"
               "Only root and members of the group set in chatd.toml [admin] may use the socket.\n",
               kDefaultSocket, kDefaultTimeout);
}

void command_help(const CommandSpec& command) {
  std::printf("Usage: chatctl [OPTIONS] %.*s\n\n%.*s", static_cast<int>(command.synopsis.size()),
              command.synopsis.data(), static_cast<int>(command.details.size()), command.details.data());
}

const CommandSpec* find(std::string_view name) {
  for (const CommandSpec* command : kCommands) {
    if (command->name == name) return command;
  }
  return nullptr;
}

int usage_error(const std::string& message, const CommandSpec* command) {
  std::fprintf(stderr, "chatctl: %s\n", message.c_str());
  if (command) {
    std::fprintf(stderr, "Usage: chatctl [OPTIONS] %.*s\nTry 'chatctl %.*s --help'.\n",
                 static_cast<int>(command->synopsis.size()), command->synopsis.data(),
                 static_cast<int>(command->name.size()), command->name.data());
  } else {
    std::fprintf(stderr, "Try 'chatctl --help'.\n");
  }
  return kExitUsage;
}

// Whether a command's own arguments ask for its help (before any "--").
bool wants_help(const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    if (arg == "--") return false;
    if (arg == "--help" || arg == "-h") return true;
  }
  return false;
}

int report_failure(const CommandSpec& command, const Json& reply) {
  std::fprintf(stderr, "chatctl: %s: %s\n", std::string(command.name).c_str(),
               reply.value("error", std::string("the daemon refused without saying why")).c_str());
  if (auto errors = reply.find("errors"); errors != reply.end() && errors->is_array()) {
    for (const auto& error : *errors) std::fprintf(stderr, "  %s\n", text_of(error).c_str());
  }
  return kExitFailed;
}

}  // namespace

int main(int argc, char** argv) {
  std::string socket = kDefaultSocket;
  double timeout = kDefaultTimeout;
  bool json = false;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; ++i) {
    std::string_view arg = argv[i];
    if ((arg == "--socket" || arg == "-s") && i + 1 < argc) {
      socket = argv[++i];
    } else if (arg.starts_with("--socket=")) {
      socket = std::string(arg.substr(9));
    } else if ((arg == "--timeout" || arg == "-t") && i + 1 < argc) {
      char* end = nullptr;
      timeout = std::strtod(argv[++i], &end);
      if (*end != '\0' || !(timeout > 0)) return usage_error("--timeout needs a positive number of seconds", nullptr);
    } else if (arg == "--json" || arg == "-j") {
      json = true;
    } else if (arg == "--version" || arg == "-V") {
      std::printf("chatctl (%s)\n", chatd::irc::kVersion);
      return kExitOk;
    } else if (arg == "--help" || arg == "-h") {
      usage(stdout);
      return kExitOk;
    } else {
      return usage_error("unknown or incomplete option '" + std::string(arg) + "'", nullptr);
    }
  }
  if (i >= argc) return usage_error("no command given", nullptr);
  const CommandSpec* command = find(argv[i]);
  if (!command) return usage_error("unknown command '" + std::string(argv[i]) + "'", nullptr);
  std::vector<std::string> args(argv + i + 1, argv + argc);
  if (wants_help(args)) {
    command_help(*command);
    return kExitOk;
  }

  Json request;
  try {
    request = build_request(*command, args);
  } catch (const UsageError& e) {
    return usage_error(std::string(command->name) + ": " + e.what(), command);
  }

  Json reply;
  try {
    AdminClient client(socket, std::chrono::milliseconds(static_cast<long long>(timeout * 1000)));
    reply = client.call(request);
  } catch (const Unreachable& e) {
    std::fprintf(stderr, "chatctl: %s\n", e.what());
    return kExitUnreachable;
  }

  bool ok = reply.value("ok", false);
  if (json) std::printf("%s\n", reply.dump(2, ' ', false, Json::error_handler_t::replace).c_str());
  if (!ok) return report_failure(*command, reply);
  if (!json) command->print(reply["data"]);
  return kExitOk;
}
