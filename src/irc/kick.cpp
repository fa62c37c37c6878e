// KICK: channel operators (and server operators) remove members. "KICK #a nick1,nick2" kicks
// several from one channel; "KICK #a,#b n1,n2" pairs channels with nicks.
#include "irc/channel_lookup.hpp"
#include "irc/cluster_events.hpp"
#include "irc/handlers.hpp"
#include "irc/history_events.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/names.hpp"
#include "irc/tagged_line.hpp"
#include "irc/targets.hpp"
#include "irc/utf8.hpp"

namespace chatd::irc {

namespace {

// REQUIRES: lock not held.
void kick_one(Session& s, std::string_view name, std::string_view nick, std::string_view reason) {
  auto& registry = s.server().registry;
  std::shared_ptr<const chat::Audience> audience;
  chat::SharedVariants line;
  HistoryEvents events(s.server());
  {
    sys::MutexLock lock(registry.mutex());
    chat::User& me = s.user();
    chat::Channel* channel = channel_of_member(s, name);
    if (!channel) return;
    if (!channel->is_operator(&me)) {
      s.numeric(Numeric::ERR_CHANOPRIVSNEEDED, {channel->name()});
      return;
    }
    chat::User* victim = registry.find_user(nick);
    if (!victim || !channel->has(victim)) {
      s.numeric(Numeric::ERR_USERNOTINCHANNEL, {nick, channel->name()});
      return;
    }
    line =
        make_variants(make_line(me.prefix(), "KICK", {channel->name(), victim->nick}, reason), {.account = me.account});
    events.add(*channel, me.prefix(), "KICK", victim->nick, reason);
    cluster_kick(s.server(), me.prefix(), me.nick, *channel, victim->nick, reason);
    // The victim hears its own KICK: take the audience before it leaves.
    audience = channel->audience();
    registry.leave(*victim, *channel);
  }
  events.store();
  s.server().fanout.to_audience(std::move(audience), std::move(line), nullptr);
}

}  // namespace

void handle_kick(Session& s, const Message& m) {
  std::string_view reason = m.param_count > 2 && !m.arg(2).empty() ? m.arg(2) : s.nick();
  reason = reason.substr(0, utf8_cut(reason, kKickLength));
  auto listed_channels = split_targets(s, m.arg(0), kMaxTargets);
  if (!listed_channels) return;
  auto listed_nicks = split_targets(s, m.arg(1), kMaxTargets);
  if (!listed_nicks) return;
  const auto& channels = *listed_channels;
  const auto& nicks = *listed_nicks;
  if (channels.empty() || nicks.empty()) {
    s.numeric(Numeric::ERR_NEEDMOREPARAMS, {"KICK"});
    return;
  }
  if (channels.size() == 1) {
    for (std::string_view nick : nicks) kick_one(s, channels[0], nick, reason);
  } else if (channels.size() == nicks.size()) {
    for (std::size_t i = 0; i < nicks.size(); ++i) kick_one(s, channels[i], nicks[i], reason);
  } else {
    s.numeric(Numeric::ERR_NEEDMOREPARAMS, {"KICK"});
  }
}

}  // namespace chatd::irc
