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
#include "config/config.hpp"
#include "irc/server_context.hpp"

namespace {

using namespace chatd::chatctl;

constexpr double kDefaultTimeout = 10;

// The options that apply to every command, accepted before or after it (as git and systemctl
// do). The parser, --help and the synopsis all read this table.
constexpr OptionSpec kGlobalOptions[] = {
    {'s', "--socket", "PATH", "the admin socket (default /run/chatd/admin.sock; chatctl does not\nread chatd.toml)"},
    {'j', "--json", "", "print the daemon's JSON reply instead of a table"},
    {'t', "--timeout", "S", "seconds to wait for the daemon (default 10)"},
    {'V', "--version", "", "print the version and exit"},
    {'h', "--help", "", "print this help, or with a command that command's help, and exit"},
};

const CommandSpec* const kCommands[] = {
    &kStatusCommand, &kUsersCommand, &kChannelsCommand, &kAnnounceCommand, &kKickCommand,    &kDisconnectCommand,
    &kReloadCommand, &kStatsCommand, &kBridgesCommand,  &kHistoryCommand,  &kAccountCommand,
};

void usage() {
  std::printf(
      "Usage: chatctl %s COMMAND [ARGS]\n"
      "       chatctl COMMAND --help\n"
      "\n"
      "Administers a running chatd through its admin socket.\n"
      "\n"
      "Commands:\n",
      chatd::cli::synopsis(kGlobalOptions).c_str());
  for (const CommandSpec* command : kCommands) {
    std::printf("  %-11s %.*s\n", std::string(command->name).c_str(), static_cast<int>(command->summary.size()),
                command->summary.data());
  }
  std::printf(
      "\n"
      "Options (before or after the command):\n"
      "%s"
      "\n"
      "Exit status: 0 done; 1 the daemon refused or the command failed; 2 usage error;\n"
      "3 the daemon cannot be reached (not running, permission denied, no reply in time).\n"
      "Only root and members of the group set in chatd.toml [admin] may use the socket.\n",
      chatd::cli::option_help(kGlobalOptions).c_str());
}

void command_help(const CommandSpec& command) {
  std::printf("Usage: chatctl [OPTIONS] %.*s\n\n%.*s", static_cast<int>(command.synopsis.size()),
              command.synopsis.data(), static_cast<int>(command.details.size()), command.details.data());
  if (!command.options.empty()) std::printf("\nOptions:\n%s", chatd::cli::option_help(command.options).c_str());
}

const CommandSpec* find(std::string_view name) {
  for (const CommandSpec* command : kCommands) {
    if (command->name == name) return command;
  }
  return nullptr;
}

int usage_error(const std::string& message, const CommandSpec* command) {
  if (!command) return chatd::cli::usage_error("chatctl", message, "chatctl");
  return chatd::cli::usage_error("chatctl", std::string(command->name) + ": " + message,
                                 "chatctl " + std::string(command->name));
}

// The command line split into the global options (anywhere before a "--") and the command
// with its own arguments, which keep their order.
struct CommandLine {
  Args global;
  const CommandSpec* command = nullptr;
  std::vector<std::string> args;
  bool command_help = false;  // --help after the command: that command's help
};

CommandLine split_command_line(int argc, char** argv) {
  CommandLine line;
  bool options_done = false;
  std::vector<std::string> global;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (options_done || arg.size() < 2 || arg[0] != '-') {
      if (!line.command && !options_done) {
        line.command = find(arg);
        if (!line.command) throw UsageError("unknown command '" + arg + "'");
      } else {
        line.args.push_back(arg);
      }
      continue;
    }
    if (arg == "--") {
      options_done = true;
      if (line.command) line.args.push_back(arg);  // the command's own "--"
      continue;
    }
    std::string value;
    bool inline_value = false;
    const OptionSpec* option = chatd::cli::find_option(kGlobalOptions, arg, value, inline_value);
    if (option && line.command && option->long_name == "--help") {
      line.command_help = true;
    } else if (option) {
      global.push_back(arg);
      if (!option->value_name.empty() && !inline_value && i + 1 < argc) global.push_back(argv[++i]);
    } else if (line.command) {
      line.args.push_back(arg);  // the command's option; it says if it does not know it
    } else {
      throw UsageError("unknown option '" + arg + "'");
    }
  }
  line.global = chatd::cli::parse_args(global, kGlobalOptions);
  return line;
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
  CommandLine line;
  try {
    line = split_command_line(argc, argv);
  } catch (const UsageError& e) {
    return usage_error(e.what(), nullptr);
  }
  if (line.global.has("--version")) {
    std::printf("chatctl (%s)\n", chatd::irc::kVersion);
    return kExitOk;
  }
  if (line.global.has("--help") && !line.command) {
    usage();
    return kExitOk;
  }
  if (!line.command) return usage_error("no command given", nullptr);
  const CommandSpec* command = line.command;
  if (line.command_help || line.global.has("--help")) {
    command_help(*command);
    return kExitOk;
  }
  const std::string socket =
      line.global.has("--socket") ? line.global.options["--socket"] : chatd::config::kDefaultAdminSocket;
  const bool json = line.global.has("--json");
  double timeout = kDefaultTimeout;
  if (line.global.has("--timeout")) {
    const std::string& text = line.global.options["--timeout"];
    char* end = nullptr;
    timeout = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(timeout > 0)) {
      return usage_error("--timeout needs a positive number of seconds", nullptr);
    }
  }

  Json request;
  try {
    request = build_request(*command, line.args);
  } catch (const UsageError& e) {
    return usage_error(e.what(), command);
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
