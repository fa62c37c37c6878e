// PRIVMSG, NOTICE and TAGMSG to channels and nicks, the hot path: the line is formatted once
// per capability variant under the Registry lock and handed to Fanout after the lock is
// released; each recipient picks its variant.
#include <chrono>
#include <string>
#include <vector>

#include "irc/ban_mask.hpp"
#include "irc/capabilities.hpp"
#include "irc/cluster_events.hpp"
#include "irc/handlers.hpp"
#include "irc/history_format.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/names.hpp"
#include "irc/private_history.hpp"
#include "irc/tagged_line.hpp"

namespace chatd::irc {

namespace {

enum class Kind { kPrivmsg, kNotice, kTagmsg };

// STATUSMSG: the members an "@#chan" (operators) or "+#chan" (voiced and operators) message
// reaches, and `also` (an echo-message sender) if a member. REQUIRES: registry lock held.
std::shared_ptr<const chat::Audience> status_audience(chat::Channel& channel, char status, const chat::User* also) {
  auto audience = std::make_shared<chat::Audience>();
  for (const auto& member : channel.members()) {
    if (!member.op && !(status == '+' && member.voice) && member.user != also) continue;
    if (auto endpoint = member.user->endpoint.lock()) audience->add(std::move(endpoint));
  }
  return audience;
}

void relay(Session& s, const Message& m, std::string_view command, Kind kind) {
  // NOTICE never triggers automatic replies (RFC 2812 3.3.2), errors included.
  auto error = [&](Numeric n, std::initializer_list<std::string_view> middle) {
    if (kind != Kind::kNotice) s.numeric(n, middle);
  };
  if (m.param_count < 1 || m.arg(0).empty()) {
    // RFC 1459/2812 name the command: "No recipient given (PRIVMSG)".
    if (kind != Kind::kNotice)
      s.numeric(Numeric::ERR_NORECIPIENT, {}, "No recipient given (" + std::string(command) + ")");
    return;
  }
  if (kind != Kind::kTagmsg && (m.param_count < 2 || m.arg(1).empty())) {
    error(Numeric::ERR_NOTEXTTOSEND, {});
    return;
  }
  std::optional<std::string_view> text;
  if (kind != Kind::kTagmsg) text = m.arg(1);
  auto targets = split_list(m.arg(0), kMaxTargets + 1);
  if (targets.size() > kMaxTargets) {
    // Name the first target over the limit (as solanum does), not a slice of the raw list
    // that may end in the middle of a name.
    error(Numeric::ERR_TOOMANYTARGETS, {targets[kMaxTargets]});
    return;
  }
  auto& registry = s.server().registry;
  auto& fanout = s.server().fanout;
  chat::User& me = s.user();
  RelayTags tags;
  const std::string client_tags = client_only_tags(m.tags);
  tags.client_tags = client_tags;
  tags.tags_only_clients = kind == Kind::kTagmsg;
  // The owning session writes caps and modes; reading its own without the lock is safe.
  tags.bot = me.bot;
  tags.account = me.account;
  const bool echo = me.caps & kCapEchoMessage;
  // One id per target (each is a message of its own), all stamped with the same time.
  const auto now = std::chrono::system_clock::now();
  MessageId msgid;
  auto make = [&](std::string line) {
    msgid = s.server().message_ids.next(now);
    tags.msgid = msgid.view();
    return make_variants(std::move(line), tags, now);
  };
  store::HistoryStore* history = s.server().history;
  for (std::string_view target : targets) {
    const char status = status_prefix(target);
    if (status || is_channel_name(target)) {
      std::shared_ptr<const chat::Audience> audience;
      chat::SharedVariants line;
      store::HistoryRecord record;
      {
        sys::MutexLock lock(registry.mutex());
        chat::Channel* channel = registry.find_channel(status ? target.substr(1) : target);
        if (!channel) {
          error(Numeric::ERR_NOSUCHNICK, {target});
          continue;
        }
        if (!can_send(*channel, me)) {
          error(Numeric::ERR_CANNOTSENDTOCHAN, {channel->name()});
          continue;
        }
        me.last_message = std::time(nullptr);
        std::string shown = status ? status + channel->name() : std::string();
        line = make(make_line(me.prefix(), command, {status ? shown : channel->name()}, text));
        audience = status ? status_audience(*channel, status, echo ? &me : nullptr) : channel->audience();
        if (!status) cluster_message(s.server(), me, {command, channel->name(), text, msgid.view(), client_tags, now});
        if (history && !status && channel->history) {
          record = history_record(*channel, me.prefix(), command, text, client_tags, msgid.view(), now);
          record.account = me.account;
        }
      }
      // Queued before anyone can see the message, so whoever saw it and asks CHATHISTORY (a
      // query runs after the writes queued before it) finds it.
      if (history && !record.target.empty()) history->record(std::move(record));  // not @#chan (STATUSMSG)
      fanout.to_audience(std::move(audience), std::move(line), echo ? nullptr : s.endpoint_ptr());
    } else {
      std::shared_ptr<chat::Endpoint> endpoint;
      chat::SharedVariants line;
      std::string away;
      std::string nick;
      std::vector<store::HistoryRecord> copies;
      {
        sys::MutexLock lock(registry.mutex());
        chat::User* user = registry.find_user(target);
        if (!user || !user->registered) {
          error(Numeric::ERR_NOSUCHNICK, {target});
          continue;
        }
        me.last_message = std::time(nullptr);
        endpoint = user->endpoint.lock();
        line = make(make_line(me.prefix(), command, {user->nick}, text));
        if (!user->server.empty())
          cluster_message(s.server(), me, {command, user->nick, text, msgid.view(), client_tags, now});
        away = user->away;
        nick = user->nick;
        if (history && (!me.account.empty() || !user->account.empty())) {
          auto record = history_record("", user->nick, me.prefix(), command, text, client_tags, msgid.view(), now);
          record.account = me.account;
          copies = private_history_copies(record, {me.account, me.nick, user->account, user->nick});
        }
      }
      // As for channels: stored before either party can see the line.
      for (auto& copy : copies) history->record(std::move(copy));
      if (echo) {
        if (auto self = s.endpoint()) fanout.to_endpoint(std::move(self), line);
      }
      if (endpoint.get() == s.endpoint_ptr()) {
        // A message to oneself arrives twice with echo-message, as sent and as received; only
        // the echo answers a labeled command (IRCv3 labeled-response).
        Session::OutsideResponse unlabeled(s);
        fanout.to_endpoint(std::move(endpoint), std::move(line));
      } else if (endpoint) {
        fanout.to_endpoint(std::move(endpoint), std::move(line));
      }
      if (!away.empty() && kind == Kind::kPrivmsg) s.numeric(Numeric::RPL_AWAY, {nick}, away);
    }
  }
}

}  // namespace

void handle_privmsg(Session& s, const Message& m) { relay(s, m, "PRIVMSG", Kind::kPrivmsg); }
void handle_notice(Session& s, const Message& m) { relay(s, m, "NOTICE", Kind::kNotice); }
void handle_tagmsg(Session& s, const Message& m) { relay(s, m, "TAGMSG", Kind::kTagmsg); }

}  // namespace chatd::irc
