// PRIVMSG and NOTICE to channels and nicks, the hot path: the line is formatted once under
// the Registry lock and handed to Fanout after the lock is released.
#include <string>

#include "irc/handlers.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/names.hpp"

namespace chatd::irc {

namespace {

void relay(Session& s, const Message& m, std::string_view command, bool is_notice) {
  // NOTICE never triggers automatic replies (RFC 2812 3.3.2), errors included.
  auto error = [&](Numeric n, std::initializer_list<std::string_view> middle) {
    if (!is_notice) s.numeric(n, middle);
  };
  if (m.param_count < 1 || m.arg(0).empty()) {
    // RFC 1459/2812 name the command: "No recipient given (PRIVMSG)".
    if (!is_notice) s.numeric(Numeric::ERR_NORECIPIENT, {}, "No recipient given (" + std::string(command) + ")");
    return;
  }
  if (m.param_count < 2 || m.arg(1).empty()) {
    error(Numeric::ERR_NOTEXTTOSEND, {});
    return;
  }
  std::string_view text = m.arg(1);
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
  for (std::string_view target : targets) {
    if (is_channel_name(target)) {
      std::shared_ptr<const chat::Audience> audience;
      chat::SharedLine line;
      {
        std::lock_guard lock(registry.mutex());
        chat::Channel* channel = registry.find_channel(target);
        if (!channel) {
          error(Numeric::ERR_NOSUCHNICK, {target});
          continue;
        }
        if (channel->no_external && !channel->has(&me)) {
          error(Numeric::ERR_CANNOTSENDTOCHAN, {channel->name()});
          continue;
        }
        me.last_message = std::time(nullptr);
        line = chat::make_shared_line(make_line(me.prefix(), command, {channel->name()}, text));
        audience = channel->audience();
      }
      fanout.to_audience(std::move(audience), std::move(line), s.endpoint_ptr());
    } else {
      std::shared_ptr<chat::Endpoint> endpoint;
      chat::SharedLine line;
      std::string away;
      std::string nick;
      {
        std::lock_guard lock(registry.mutex());
        chat::User* user = registry.find_user(target);
        if (!user || !user->registered) {
          error(Numeric::ERR_NOSUCHNICK, {target});
          continue;
        }
        me.last_message = std::time(nullptr);
        endpoint = user->endpoint.lock();
        line = chat::make_shared_line(make_line(me.prefix(), command, {user->nick}, text));
        away = user->away;
        nick = user->nick;
      }
      if (endpoint) fanout.to_endpoint(std::move(endpoint), std::move(line));
      if (!away.empty() && !is_notice) s.numeric(Numeric::RPL_AWAY, {nick}, away);
    }
  }
}

}  // namespace

void handle_privmsg(Session& s, const Message& m) { relay(s, m, "PRIVMSG", false); }
void handle_notice(Session& s, const Message& m) { relay(s, m, "NOTICE", true); }

}  // namespace chatd::irc
