// MODE: the dispatcher, and user modes: +i (invisible), +w (wallops), +B (bot, IRCv3
// bot-mode) and +o (server operator: only OPER sets it, MODE may only take it away). Channel modes are in
// channel_modes.cpp.
#include "irc/handlers.hpp"
#include "irc/line_builder.hpp"
#include "irc/names.hpp"

namespace chatd::irc {

namespace {

std::string user_mode_string(const chat::User& user) {
  std::string modes = "+";
  if (user.bot) modes += 'B';
  if (user.invisible) modes += 'i';
  if (user.oper) modes += 'o';
  if (user.wallops) modes += 'w';
  return modes;
}

void user_mode(Session& s, const Message& m) {
  chat::User& me = s.user();
  auto& registry = s.server().registry;
  {
    sys::MutexLock lock(registry.mutex());
    chat::User* target = registry.find_user(m.arg(0));
    if (!target) {
      s.numeric(Numeric::ERR_NOSUCHNICK, {m.arg(0)});
      return;
    }
    if (target != &me) {
      s.numeric(Numeric::ERR_USERSDONTMATCH);
      return;
    }
    if (m.param_count == 1) {
      s.numeric(Numeric::RPL_UMODEIS, {user_mode_string(me)});
      return;
    }
  }
  bool adding = true;
  std::string applied;
  char applied_sign = 0;
  bool unknown = false;
  {
    sys::MutexLock lock(registry.mutex());
    for (char c : m.arg(1)) {
      bool* flag = nullptr;
      std::size_t* counter = nullptr;
      if (c == '+' || c == '-') {
        adding = c == '+';
        continue;
      } else if (c == 'i') {
        flag = &me.invisible;
        counter = &registry.invisible;
      } else if (c == 'w') {
        flag = &me.wallops;
      } else if (c == 'B') {
        flag = &me.bot;
      } else if (c == 'o') {
        if (adding) continue;  // only OPER makes an operator; "+o" is silently ignored
        flag = &me.oper;
        counter = &registry.opers;
      } else {
        unknown = true;
        continue;
      }
      if (*flag == adding) continue;
      *flag = adding;
      if (counter) adding ? ++*counter : --*counter;
      char sign = adding ? '+' : '-';
      if (sign != applied_sign) applied += sign;
      applied_sign = sign;
      applied += c;
    }
  }
  if (unknown) s.numeric(Numeric::ERR_UMODEUNKNOWNFLAG);
  if (!applied.empty()) s.send(make_line(me.nick, "MODE", {me.nick}, applied));
}

}  // namespace

void handle_mode(Session& s, const Message& m) {
  if (is_channel_name(m.arg(0))) {
    channel_mode(s, m);
  } else {
    user_mode(s, m);
  }
}

}  // namespace chatd::irc
