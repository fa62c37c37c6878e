#include "irc/nick_change.hpp"

#include <ctime>
#include <unordered_set>

#include "irc/cluster_events.hpp"
#include "irc/cluster_nick.hpp"
#include "irc/handlers.hpp"
#include "irc/history_events.hpp"
#include "irc/line_builder.hpp"
#include "irc/monitor_notify.hpp"
#include "irc/names.hpp"
#include "irc/nick_reservation.hpp"
#include "irc/tagged_line.hpp"

namespace chatd::irc {

NickChange change_nick(Session& s, std::string_view nick) {
  chat::User& user = s.user();
  if (user.nick == nick) return NickChange::kSame;
  auto audience = std::make_shared<chat::Audience>();
  chat::SharedVariants line;
  MonitorNotice offline, online;
  HistoryEvents events(s.server());
  {
    auto& registry = s.server().registry;
    sys::MutexLock lock(registry.mutex());
    std::string old_prefix = user.prefix();
    std::string old_nick = user.nick, old_folded = user.folded;  // old_nick for WHOWAS
    if (!registry.claim_nick(user, nick)) {
      return NickChange::kInUse;
    }
    if (s.server().cluster && !old_nick.empty() && old_folded != user.folded)
      release_cluster_nick(s.server(), old_nick);
    if (user.registered) cluster_nick(s.server(), old_nick, nick);
    // A change of case only is the same nick to MONITOR: its watchers hear nothing.
    if (user.registered && old_folded != user.folded) {
      const std::string& server = s.server().server_name;
      offline = monitor_offline(registry, server, old_nick, old_folded);
      online = monitor_online(registry, server, user);
    }
    if (user.registered) {
      s.server().whowas.record(old_nick, user, std::time(nullptr));
      // The user and everyone sharing a channel see the change, each exactly once.
      line = make_variants(make_line(old_prefix, "NICK", {}, nick), {.account = user.account});
      std::unordered_set<const chat::User*> seen;
      seen.insert(&user);
      if (auto self = s.endpoint()) audience->add(std::move(self));
      for (chat::Channel* channel : user.channels) {
        events.add(*channel, old_prefix, "NICK", {}, nick);
        for (const auto& member : channel->members()) {
          if (!seen.insert(member.user).second) continue;
          if (auto endpoint = member.user->endpoint.lock()) audience->add(std::move(endpoint));
        }
      }
    }
  }
  if (line) {
    events.store();
    s.server().fanout.to_audience(std::move(audience), std::move(line), nullptr);
    offline.send(s.server().fanout);
    online.send(s.server().fanout);
  } else {
    s.try_register();
  }
  return NickChange::kChanged;
}

void handle_nick(Session& s, const Message& m) {
  std::string_view nick = m.arg(0);
  if (nick.empty()) {
    s.numeric(Numeric::ERR_NONICKNAMEGIVEN);
    return;
  }
  auto limits = s.server().config()->limits;
  if (!is_valid_nick(nick, limits.nick_length)) {
    s.numeric(Numeric::ERR_ERRONEUSNICKNAME, {echo_token(nick)});
    return;
  }
  if (s.user().nick == nick) return;
  if (s.registered() && !s.allow_nick_change(limits.nick_changes_per_10s)) {
    s.numeric(Numeric::ERR_NICKCHANGETOOFAST, {nick});
    return;
  }
  // Before registration the client may still log in (SASL follows the first NICK): strict
  // mode judges it when it registers.
  if (s.registered() && reservation_mode(s.server()) == Reservation::kStrict && reserved_against(s, nick)) {
    s.numeric(Numeric::ERR_NICKNAMEINUSE, {nick}, "Nickname is reserved by a different account");
    return;
  }
  if (claim_cluster_nick(s, nick)) return;
  finish_nick(s, nick);
}

void finish_nick(Session& s, std::string_view nick) {
  switch (change_nick(s, nick)) {
    case NickChange::kInUse:
      if (owns_nick(s, nick)) {
        reclaim_nick(s, std::string(nick));
      } else {
        s.numeric(Numeric::ERR_NICKNAMEINUSE, {nick});
      }
      break;
    case NickChange::kChanged:
      if (s.registered()) start_grace(s);
      break;
    case NickChange::kSame:
      break;
  }
}

}  // namespace chatd::irc
