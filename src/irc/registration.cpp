// Connection registration (PASS, NICK, USER, CAP) and liveness (PING, PONG, QUIT).
#include <algorithm>
#include <ctime>
#include <unordered_set>

#include "irc/handlers.hpp"
#include "irc/history_events.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/monitor_notify.hpp"
#include "irc/names.hpp"
#include "irc/tagged_line.hpp"
#include "irc/utf8.hpp"

namespace chatd::irc {

namespace {

// USER names appear in every prefix; keep them to characters no client misparses.
std::string clean_username(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    if (out.size() == kUserLength) break;
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') out += c;
  }
  return out.empty() ? std::string("user") : out;
}

}  // namespace

void handle_pass(Session& s, const Message& m) {
  if (s.registered()) {
    s.numeric(Numeric::ERR_ALREADYREGISTERED);
    return;
  }
  s.password = m.arg(0);
}

void handle_user(Session& s, const Message& m) {
  if (s.registered() || s.has_user) {
    s.numeric(Numeric::ERR_ALREADYREGISTERED);
    return;
  }
  // "USER name 0 * :" is four parameters, the last empty: not enough to register with.
  if (m.arg(3).empty()) {
    s.numeric(Numeric::ERR_NEEDMOREPARAMS, {"USER"});
    return;
  }
  s.user().username = clean_username(m.arg(0));
  s.user().realname = m.arg(3).substr(0, utf8_cut(m.arg(3), kRealnameLength));
  s.has_user = true;
  s.try_register();
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
  chat::User& user = s.user();
  if (user.nick == nick) return;
  if (user.registered && !s.allow_nick_change(limits.nick_changes_per_10s)) {
    s.numeric(Numeric::ERR_NICKCHANGETOOFAST, {nick});
    return;
  }
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
      s.numeric(Numeric::ERR_NICKNAMEINUSE, {nick});
      return;
    }
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
}

void handle_ping(Session& s, const Message& m) {
  if (m.param_count == 0 || m.arg(0).empty()) {
    s.numeric(Numeric::ERR_NOORIGIN);
    return;
  }
  const std::string& server = s.server().server_name;
  s.send(make_line(server, "PONG", {server}, m.arg(0)));
}

void handle_pong(Session& s, const Message&) { s.ping_sent.reset(); }

void handle_quit(Session& s, const Message& m) {
  std::string reason = "Quit";
  if (m.param_count > 0 && !m.arg(0).empty()) reason = "Quit: " + std::string(m.arg(0));
  s.quit(reason);
}

}  // namespace chatd::irc
