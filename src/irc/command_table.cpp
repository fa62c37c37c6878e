#include "irc/command_table.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "irc/handlers.hpp"
#include "metrics/loop_counters.hpp"

namespace chatd::irc {

namespace {

// Sorted by name for binary search; one command per line, so adding one touches one line.
// clang-format off
constexpr std::array kCommands = {
    Command{"AUTHENTICATE", handle_authenticate, 1, false},
    Command{"AWAY", handle_away, 0, true},
    Command{"CAP", handle_cap, 1, false},
    Command{"CHATHISTORY", handle_chathistory, 0, true},
    Command{"HELP", handle_help, 0, true},
    Command{"HELPOP", handle_help, 0, true},
    Command{"INFO", handle_info, 0, true},
    Command{"INVITE", handle_invite, 2, true},
    Command{"ISON", handle_ison, 1, true},
    Command{"JOIN", handle_join, 1, true},
    Command{"KICK", handle_kick, 2, true},
    Command{"KILL", handle_kill, 2, true},
    Command{"LINKS", handle_links, 0, true},
    Command{"LIST", handle_list, 0, true},
    Command{"LUSERS", handle_lusers, 0, true},
    Command{"MODE", handle_mode, 1, true},
    Command{"MONITOR", handle_monitor, 1, true},
    Command{"MOTD", handle_motd, 0, true},
    Command{"NAMES", handle_names, 0, true},
    Command{"NICK", handle_nick, 0, false},
    Command{"NOTICE", handle_notice, 0, true},
    Command{"OPER", handle_oper, 2, true},
    Command{"PART", handle_part, 1, true},
    Command{"PASS", handle_pass, 1, false},
    Command{"PING", handle_ping, 0, false},
    Command{"PONG", handle_pong, 0, false},
    Command{"PRIVMSG", handle_privmsg, 0, true},
    Command{"QUIT", handle_quit, 0, false},
    Command{"REGISTER", handle_register, 0, false},
    Command{"SETNAME", handle_setname, 1, true},
    Command{"TAGMSG", handle_tagmsg, 1, true},
    Command{"TIME", handle_time, 0, true},
    Command{"TOPIC", handle_topic, 1, true},
    Command{"USER", handle_user, 4, false},
    Command{"USERHOST", handle_userhost, 1, true},
    Command{"VERIFY", handle_verify, 0, false},
    Command{"VERSION", handle_version, 0, true},
    Command{"WALLOPS", handle_wallops, 1, true},
    Command{"WHO", handle_who, 0, true},
    Command{"WHOIS", handle_whois, 1, true},
    Command{"WHOWAS", handle_whowas, 0, true},
};
// clang-format on

constexpr bool sorted() {
  for (std::size_t i = 1; i < kCommands.size(); ++i)
    if (!(kCommands[i - 1].name < kCommands[i].name)) return false;
  return true;
}
static_assert(sorted(), "kCommands must stay sorted by name");
static_assert(kCommands.size() + 1 <= metrics::kCommandSlots, "raise metrics::kCommandSlots");

constexpr std::size_t kMaxCommandLength = 16;

}  // namespace

std::span<const Command> all_commands() noexcept { return kCommands; }

const Command* find_command(std::string_view upper_name) noexcept {
  auto it = std::lower_bound(kCommands.begin(), kCommands.end(), upper_name,
                             [](const Command& c, std::string_view name) { return c.name < name; });
  return (it != kCommands.end() && it->name == upper_name) ? &*it : nullptr;
}

void dispatch(Session& session, const Message& message) noexcept {
  char upper[kMaxCommandLength];
  std::size_t n = message.command.size();
  const Command* command = nullptr;
  if (n <= kMaxCommandLength) {
    for (std::size_t i = 0; i < n; ++i)
      upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(message.command[i])));
    command = find_command(std::string_view(upper, n));
  }
  metrics::this_loop()
      .received[command ? static_cast<std::size_t>(command - kCommands.data()) : kCommands.size()]
      .add();
  if (!command) {
    session.numeric(Numeric::ERR_UNKNOWNCOMMAND, {message.command.substr(0, 32)});
    return;
  }
  if (command->needs_registration && !session.registered()) {
    session.numeric(Numeric::ERR_NOTREGISTERED);
    return;
  }
  if (message.param_count < command->min_params) {
    session.numeric(Numeric::ERR_NEEDMOREPARAMS, {command->name});
    return;
  }
  try {
    command->handler(session, message);
  } catch (const std::exception& e) {
    // A bug or resource failure in one command must not take the client or the server down.
    spdlog::error("{} from {}: {}", command->name, session.nick(), e.what());
  }
}

std::size_t command_slots() noexcept { return kCommands.size() + 1; }

std::string_view command_slot_name(std::size_t slot) noexcept {
  return slot < kCommands.size() ? kCommands[slot].name : std::string_view("unknown");
}

}  // namespace chatd::irc
