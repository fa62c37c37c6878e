// MONITOR (IRCv3 monitor): a user's list of nicks to be told about when they come and go.
// `+ a,b` adds (answering 730/731 for each, 734 for what no longer fits), `- a,b` removes,
// `C` clears, `L` lists (732, 733), `S` shows the status of each (730/731). The bookkeeping
// is chat::MonitorIndex; the notices on registration, quit and nick change are sent from
// there (monitor_notify.hpp).
#include <cctype>
#include <vector>

#include "irc/casemap.hpp"
#include "irc/handlers.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/names.hpp"

namespace chatd::irc {

namespace {

// Room for the comma-separated list in one 730-732 line, well inside 512 bytes with the prefix.
constexpr std::size_t kListBytes = 400;

// One or more `n` numerics whose trailing is `items` joined by ',', none over kListBytes.
void append_lists(std::string& out, Session& s, Numeric n, const std::vector<std::string>& items) {
  std::string list;
  auto flush = [&] {
    if (!list.empty()) append_numeric(out, s.server().server_name, s.nick(), n, {}, list);
    list.clear();
  };
  for (const auto& item : items) {
    if (!list.empty() && list.size() + 1 + item.size() > kListBytes) flush();
    if (!list.empty()) list += ',';
    list += item;
  }
  flush();
}

// Sorts `nick` into online (with its hostmask) or offline.
void add_status(const chat::Registry& registry, std::string_view nick, std::vector<std::string>& online,
                std::vector<std::string>& offline) REQUIRES(registry.mutex()) {
  const auto& users = registry.users();
  auto it = users.find(fold(nick));
  if (it != users.end() && it->second->registered) {
    online.push_back(it->second->prefix());
  } else {
    offline.emplace_back(nick);
  }
}

// `rest` (a tail of the client's list) as the client sent it, cut at a comma to fit a line.
std::string_view as_sent(std::string_view rest) {
  if (rest.size() <= kListBytes) return rest;
  auto comma = rest.rfind(',', kListBytes);
  return rest.substr(0, comma == std::string_view::npos ? kListBytes : comma);
}

void monitor_add(Session& s, std::string_view list) {
  auto& registry = s.server().registry;
  const std::size_t nick_length = s.server().config()->limits.nick_length;
  std::vector<std::string> online, offline;
  std::string_view refused;
  {
    sys::MutexLock lock(registry.mutex());
    for (std::string_view target : split_list(list)) {
      // Targets are nicks (the spec): anything else could never come online, so it is skipped.
      if (!is_valid_nick(target, nick_length)) continue;
      if (registry.monitors.add(&s.user(), target, kMonitorLimit) == chat::MonitorIndex::Added::kFull) {
        refused = list.substr(static_cast<std::size_t>(target.data() - list.data()));
        break;
      }
      add_status(registry, target, online, offline);
    }
  }
  std::string out;
  append_lists(out, s, Numeric::RPL_MONONLINE, online);
  append_lists(out, s, Numeric::RPL_MONOFFLINE, offline);
  if (!refused.empty()) {
    append_numeric(out, s.server().server_name, s.nick(), Numeric::ERR_MONLISTFULL,
                   {std::to_string(kMonitorLimit), as_sent(refused)});
  }
  if (!out.empty()) s.send(std::move(out));
}

void monitor_remove(Session& s, std::string_view list) {
  auto& registry = s.server().registry;
  sys::MutexLock lock(registry.mutex());
  for (std::string_view target : split_list(list)) registry.monitors.remove(&s.user(), target);
}

// MONITOR L (list) and S (status).
void monitor_show(Session& s, bool status) {
  auto& registry = s.server().registry;
  std::vector<std::string> nicks, online, offline;
  {
    sys::MutexLock lock(registry.mutex());
    for (const auto& target : registry.monitors.targets(&s.user())) {
      if (status) {
        add_status(registry, target.nick, online, offline);
      } else {
        nicks.push_back(target.nick);
      }
    }
  }
  std::string out;
  if (status) {
    append_lists(out, s, Numeric::RPL_MONONLINE, online);
    append_lists(out, s, Numeric::RPL_MONOFFLINE, offline);
  } else {
    append_lists(out, s, Numeric::RPL_MONLIST, nicks);
    append_numeric(out, s.server().server_name, s.nick(), Numeric::RPL_ENDOFMONLIST, {});
  }
  if (!out.empty()) s.send(std::move(out));
}

}  // namespace

void handle_monitor(Session& s, const Message& m) {
  std::string_view sub = m.arg(0);
  char op = sub.size() == 1 ? static_cast<char>(std::toupper(static_cast<unsigned char>(sub[0]))) : '\0';
  if ((op == '+' || op == '-') && m.arg(1).empty()) {
    s.numeric(Numeric::ERR_NEEDMOREPARAMS, {"MONITOR"});
    return;
  }
  switch (op) {
    case '+':
      monitor_add(s, m.arg(1));
      break;
    case '-':
      monitor_remove(s, m.arg(1));
      break;
    case 'C': {
      auto& registry = s.server().registry;
      sys::MutexLock lock(registry.mutex());
      registry.monitors.clear(&s.user());
      break;
    }
    case 'L':
    case 'S':
      monitor_show(s, op == 'S');
      break;
    default:
      // modern.ircdocs.horse's generic 400 names the command and the subcommand.
      s.numeric(Numeric::ERR_UNKNOWNERROR, {"MONITOR", echo_token(sub)}, "Unknown subcommand");
  }
}

}  // namespace chatd::irc
