// MODE: channel mode queries and user modes. The core knows +n, +t and +s on channels and
// +i on users; Groups extends this file with the full channel mode set.
#include "irc/handlers.hpp"
#include "irc/line_builder.hpp"
#include "irc/names.hpp"

namespace chatd::irc {

namespace {

void channel_mode(Session& s, const Message& m) {
  auto& registry = s.server().registry;
  const std::string& server = s.server().server_name;
  std::lock_guard lock(registry.mutex());
  chat::Channel* channel = registry.find_channel(m.arg(0));
  if (!channel) {
    s.numeric(Numeric::ERR_NOSUCHCHANNEL, {m.arg(0)});
    return;
  }
  if (m.param_count == 1) {
    std::string replies;
    append_numeric(replies, server, s.nick(), Numeric::RPL_CHANNELMODEIS, {channel->name(), channel->mode_string()});
    append_numeric(replies, server, s.nick(), Numeric::RPL_CREATIONTIME,
                   {channel->name(), std::to_string(channel->created())});
    s.send(std::move(replies));
    return;
  }
  std::string_view modes = m.arg(1);
  if (modes == "b" || modes == "+b") {
    // Clients ask for the ban list on join; the core keeps no bans, so it is empty.
    s.numeric(Numeric::RPL_ENDOFBANLIST, {channel->name()});
    return;
  }
  chat::Membership* membership = channel->find(&s.user());
  if (!membership || !membership->op) {
    s.numeric(Numeric::ERR_CHANOPRIVSNEEDED, {channel->name()});
    return;
  }
  for (char c : modes) {
    if (c == '+' || c == '-') continue;
    s.numeric(Numeric::ERR_UNKNOWNMODE, {std::string_view(&c, 1)}, "is unknown mode char to me for " + channel->name());
  }
}

void user_mode(Session& s, const Message& m) {
  chat::User& me = s.user();
  {
    std::lock_guard lock(s.server().registry.mutex());
    chat::User* target = s.server().registry.find_user(m.arg(0));
    if (!target) {
      s.numeric(Numeric::ERR_NOSUCHNICK, {m.arg(0)});
      return;
    }
    if (target != &me) {
      s.numeric(Numeric::ERR_USERSDONTMATCH);
      return;
    }
  }
  if (m.param_count == 1) {
    s.numeric(Numeric::RPL_UMODEIS, {me.invisible ? "+i" : "+"});
    return;
  }
  bool adding = true;
  std::string applied;
  char applied_sign = 0;
  bool unknown = false;
  {
    std::lock_guard lock(s.server().registry.mutex());
    for (char c : m.arg(1)) {
      if (c == '+' || c == '-') {
        adding = c == '+';
      } else if (c == 'i') {
        if (me.invisible == adding) continue;
        me.invisible = adding;
        s.server().registry.invisible += adding ? 1 : -1;
        char sign = adding ? '+' : '-';
        if (sign != applied_sign) applied += sign;
        applied_sign = sign;
        applied += 'i';
      } else {
        unknown = true;
      }
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
