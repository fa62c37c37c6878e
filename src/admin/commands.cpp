#include "admin/commands.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "admin/request_metrics.hpp"

namespace chatd::admin {

namespace {

constexpr bool kChanges = true;
constexpr bool kReads = false;

// Sorted by name for the binary search in find_command.
constexpr Command kCommands[] = {
    {"account_add", kChanges, run_account_add},
    {"account_certfp_add", kChanges, run_account_certfp_add},
    {"account_certfp_del", kChanges, run_account_certfp_del},
    {"account_del", kChanges, run_account_del},
    {"account_list", kReads, run_account_list},
    {"account_passwd", kChanges, run_account_passwd},
    {"account_show", kReads, run_account_show},
    {"announce", kChanges, run_announce},
    {"bridges", kReads, run_bridges},
    {"channels", kReads, run_channels},
    {"disconnect", kChanges, run_disconnect},
    {"history_prune", kChanges, run_history_prune},
    {"history_stats", kReads, run_history_stats},
    {"kick", kChanges, run_kick},
    {"reload", kChanges, run_reload},
    {"stats", kReads, run_stats},
    {"status", kReads, run_status},
    {"users", kReads, run_users},
};

std::string command_names() {
  std::string names;
  for (const Command& command : kCommands) names += (names.empty() ? "" : ", ") + std::string(command.name);
  return names;
}

}  // namespace

std::span<const Command> all_commands() noexcept { return kCommands; }

const Command* find_command(std::string_view name) {
  auto it = std::lower_bound(std::begin(kCommands), std::end(kCommands), name,
                             [](const Command& c, std::string_view n) { return c.name < n; });
  return it != std::end(kCommands) && it->name == name ? it : nullptr;
}

std::string handle_request(CommandContext& context, std::string_view line, const Peer& peer) {
  Json id;
  const Command* command = nullptr;
  try {
    Request request = Request::parse(line, id);
    command = find_command(request.command());
    if (!command) throw Error("unknown command \"" + request.command() + "\" (known: " + command_names() + ")");
    if (command->changes_state) {
      // The audit trail: who changed what. The request is logged as sent, but for a password.
      Json logged = request.body();
      if (logged.contains("password")) logged["password"] = "(hidden)";
      spdlog::info("admin: uid {} pid {}: {}", peer.uid, peer.pid,
                   logged.dump(-1, ' ', false, Json::error_handler_t::replace));
    }
    std::string reply = ok_reply(command->run(context, request), request.id());
    count_request(command, true);
    return reply;
  } catch (const Error& e) {
    spdlog::debug("admin: uid {} pid {}: refused: {}", peer.uid, peer.pid, e.what());
    count_request(command, false);
    return error_reply(e, id);
  } catch (const std::exception& e) {
    spdlog::error("admin: uid {} pid {}: internal error: {}", peer.uid, peer.pid, e.what());
    count_request(command, false);
    return error_reply(Error(std::string("internal error: ") + e.what()), id);
  }
}

}  // namespace chatd::admin
