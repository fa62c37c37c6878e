// Questions about users: WHOIS, AWAY, ISON, USERHOST (WHO is in who.cpp).
#include <ctime>

#include "irc/capabilities.hpp"
#include "irc/cluster_events.hpp"
#include "irc/handlers.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/monitor_notify.hpp"
#include "irc/names.hpp"
#include "irc/tagged_line.hpp"
#include "irc/targets.hpp"
#include "irc/utf8.hpp"

namespace chatd::irc {

namespace {

// WHOIS on who `user` is and how it is connected: the account (330) and TLS (671) to everyone;
// the client certificate's fingerprint (276) only to the user itself and to opers, as InspIRCd
// and Ergo do. REQUIRES: registry lock held.
void append_whois_tls(std::string& out, Session& s, const chat::User& user) {
  const std::string& server = s.server().server_name;
  if (!user.account.empty())
    append_numeric(out, server, s.nick(), Numeric::RPL_WHOISACCOUNT, {user.nick, user.account});
  if (user.secure)
    append_numeric(out, server, s.nick(), Numeric::RPL_WHOISSECURE, {user.nick}, "is using a secure connection");
  if (!user.certfp.empty() && (&user == &s.user() || s.user().oper)) {
    append_numeric(out, server, s.nick(), Numeric::RPL_WHOISCERTFP, {user.nick},
                   "has client certificate fingerprint " + user.certfp);
  }
}

}  // namespace

void handle_whois(Session& s, const Message& m) {
  // "WHOIS server nick" asks a given server; there is only this one.
  std::string_view list = m.param_count > 1 ? m.arg(1) : m.arg(0);
  const std::string& server = s.server().server_name;
  auto config = s.server().config();
  auto& registry = s.server().registry;
  auto nicks = split_targets(s, list, kMaxTargets);
  if (!nicks) return;
  std::string replies;
  std::time_t now = std::time(nullptr);
  {
    sys::MutexLock lock(registry.mutex());
    for (std::string_view nick : *nicks) {
      chat::User* user = registry.find_user(nick);
      if (!user || !user->registered) {
        append_numeric(replies, server, s.nick(), Numeric::ERR_NOSUCHNICK, {nick});
        append_numeric(replies, server, s.nick(), Numeric::RPL_ENDOFWHOIS, {nick});
        continue;
      }
      append_numeric(replies, server, s.nick(), Numeric::RPL_WHOISUSER, {user->nick, user->username, user->host, "*"},
                     user->realname);
      std::string channels;
      for (chat::Channel* channel : user->channels) {
        if (channel->secret && !channel->has(&s.user())) continue;
        if (!channels.empty()) channels += ' ';
        const chat::Membership* membership = channel->find(user);
        channels += (s.user().caps & kCapMultiPrefix) ? membership->all_prefixes() : membership->prefix();
        channels += channel->name();
      }
      if (!channels.empty())
        append_numeric(replies, server, s.nick(), Numeric::RPL_WHOISCHANNELS, {user->nick}, channels);
      append_numeric(replies, server, s.nick(), Numeric::RPL_WHOISSERVER,
                     {user->nick, user->server.empty() ? server : user->server}, config->server.network);
      if (!user->away.empty()) append_numeric(replies, server, s.nick(), Numeric::RPL_AWAY, {user->nick}, user->away);
      if (user->oper)
        append_numeric(replies, server, s.nick(), Numeric::RPL_WHOISOPERATOR, {user->nick}, "is an IRC operator");
      append_whois_tls(replies, s, *user);
      if (user->bot) append_numeric(replies, server, s.nick(), Numeric::RPL_WHOISBOT, {user->nick});
      append_numeric(replies, server, s.nick(), Numeric::RPL_WHOISIDLE,
                     {user->nick, std::to_string(now - user->last_message), std::to_string(user->signon)},
                     "seconds idle, signon time");
      append_numeric(replies, server, s.nick(), Numeric::RPL_ENDOFWHOIS, {user->nick});
    }
  }
  s.send(std::move(replies));
}

void handle_away(Session& s, const Message& m) {
  std::string_view text = m.arg(0);
  // Channel peers with away-notify hear the change, each once, and so do watchers with
  // extended-monitor and away-notify.
  std::shared_ptr<chat::Audience> audience;
  chat::SharedVariants line;
  {
    sys::MutexLock lock(s.server().registry.mutex());
    chat::User& me = s.user();
    me.away = text.substr(0, utf8_cut(text, kAwayLength));
    if (me.registered) cluster_user(s.server(), me);  // the other nodes' WHOIS, WHO and 301
    audience = change_audience(s.server().registry, me, kCapAwayNotify, false);
    if (audience->size > 0) {
      std::optional<std::string_view> reason;
      if (!me.away.empty()) reason = me.away;
      line = make_variants(make_line(me.prefix(), "AWAY", {}, reason), {.account = me.account});
    }
  }
  s.numeric(text.empty() ? Numeric::RPL_UNAWAY : Numeric::RPL_NOWAWAY);
  if (line) s.server().fanout.to_audience(std::move(audience), std::move(line), nullptr);
}

void handle_ison(Session& s, const Message& m) {
  std::string online;
  auto& registry = s.server().registry;
  {
    sys::MutexLock lock(registry.mutex());
    for (std::size_t i = 0; i < m.param_count; ++i) {
      std::string_view rest = m.arg(i);
      // Clients send the nicks as separate params or as one trailing list; accept both.
      while (!rest.empty()) {
        auto space = rest.find(' ');
        std::string_view nick = rest.substr(0, space);
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
        if (nick.empty()) continue;
        chat::User* user = registry.find_user(nick);
        if (!user || !user->registered || online.size() + user->nick.size() + 1 > kIsonReplyBytes) continue;
        if (!online.empty()) online += ' ';
        online += user->nick;
      }
    }
  }
  s.numeric(Numeric::RPL_ISON, {}, online);
}

void handle_userhost(Session& s, const Message& m) {
  if (m.param_count > kMaxUserhostTargets) {
    refuse_targets(s, m.arg(kMaxUserhostTargets));
    return;
  }
  std::string reply;
  auto& registry = s.server().registry;
  {
    sys::MutexLock lock(registry.mutex());
    for (std::size_t i = 0; i < m.param_count; ++i) {
      chat::User* user = registry.find_user(m.arg(i));
      if (!user || !user->registered) continue;
      if (!reply.empty()) reply += ' ';
      reply += user->nick;
      if (user->oper) reply += '*';
      reply += user->away.empty() ? "=+" : "=-";
      reply += user->username + "@" + user->host;
    }
  }
  s.numeric(Numeric::RPL_USERHOST, {}, reply);
}

}  // namespace chatd::irc
