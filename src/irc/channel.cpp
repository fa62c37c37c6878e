// Joining, leaving and looking at channels: JOIN, PART, TOPIC, NAMES (LIST is in list.cpp).
#include <algorithm>
#include <string>

#include "irc/ban_mask.hpp"
#include "irc/capabilities.hpp"
#include "irc/cluster_events.hpp"
#include "irc/handlers.hpp"
#include "irc/history_events.hpp"
#include "irc/history_replay.hpp"
#include "irc/join.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/names.hpp"
#include "irc/tagged_line.hpp"
#include "irc/targets.hpp"
#include "irc/utf8.hpp"

namespace chatd::irc {

namespace {

// Appends 353 lines (as many as the 512-byte limit needs) and the closing 366, with every
// prefix (multi-prefix) and full masks (userhost-in-names) for the clients that asked.
// REQUIRES: registry lock held.
void append_names(std::string& out, const std::string& server, std::string_view nick, std::uint32_t caps,
                  chat::Channel& channel) {
  const char* kind = channel.secret ? "@" : "=";
  // Room for ":server 353 nick = #chan :" and CRLF.
  const std::size_t budget = kMaxLineBytes - 2 - (server.size() + nick.size() + channel.name().size() + 16);
  std::string names;
  for (const auto& member : channel.members()) {
    std::string entry = (caps & kCapMultiPrefix) ? member.all_prefixes() : member.prefix();
    entry += (caps & kCapUserhostInNames) ? member.user->prefix() : member.user->nick;
    if (!names.empty() && names.size() + 1 + entry.size() > budget) {
      append_numeric(out, server, nick, Numeric::RPL_NAMREPLY, {kind, channel.name()}, names);
      names.clear();
    }
    if (!names.empty()) names += ' ';
    names += entry;
  }
  if (!names.empty()) append_numeric(out, server, nick, Numeric::RPL_NAMREPLY, {kind, channel.name()}, names);
  append_numeric(out, server, nick, Numeric::RPL_ENDOFNAMES, {channel.name()});
}

// REQUIRES: registry lock held.
void append_topic(std::string& out, const std::string& server, std::string_view nick, chat::Channel& channel) {
  if (channel.topic().empty()) {
    append_numeric(out, server, nick, Numeric::RPL_NOTOPIC, {channel.name()});
    return;
  }
  append_numeric(out, server, nick, Numeric::RPL_TOPIC, {channel.name()}, channel.topic());
  append_numeric(out, server, nick, Numeric::RPL_TOPICWHOTIME,
                 {channel.name(), channel.topic_setter(), std::to_string(channel.topic_time())});
}

// Leaves one channel. REQUIRES: lock not held.
void part_one(Session& s, std::string_view name, std::optional<std::string_view> reason) {
  auto& registry = s.server().registry;
  std::shared_ptr<const chat::Audience> audience;
  chat::SharedVariants line;
  HistoryEvents events(s.server());
  {
    sys::MutexLock lock(registry.mutex());
    chat::Channel* channel = registry.find_channel(name);
    if (!channel) {
      s.numeric(Numeric::ERR_NOSUCHCHANNEL, {name});
      return;
    }
    if (!channel->has(&s.user())) {
      s.numeric(Numeric::ERR_NOTONCHANNEL, {channel->name()});
      return;
    }
    line =
        make_variants(make_line(s.user().prefix(), "PART", {channel->name()}, reason), {.account = s.user().account});
    events.add(*channel, s.user().prefix(), "PART", {}, reason);
    cluster_part(s.server(), s.user(), *channel, reason);
    audience = channel->audience();
    registry.leave(s.user(), *channel);
  }
  events.store();
  s.server().fanout.to_audience(std::move(audience), std::move(line), nullptr);
}

// Takes the user's invitation to the channel if there is a live one; drops expired ones.
// REQUIRES: registry lock held.
bool take_invitation(chat::User& user, const chat::Channel& channel) {
  std::time_t now = std::time(nullptr);
  auto& list = user.invitations;
  std::erase_if(list, [now](const chat::User::Invitation& i) { return i.expires <= now; });
  auto it = std::find_if(list.begin(), list.end(), [&](const auto& i) { return i.channel == channel.folded(); });
  if (it == list.end()) return false;
  list.erase(it);
  return true;
}

// The numeric refusing the join, checked in RFC 2812 3.2.1 order (invite, ban, key) and then
// the limit; 0 when the user may join. An invitation passes +i and +l but not +b or +k; an
// invite exception (+I) passes +i only, a ban exception (+e) the bans.
// REQUIRES: registry lock held.
Numeric join_refusal(chat::Channel& channel, const chat::User& user, std::string_view key, bool invited) {
  if (channel.invite_only && !invited && !is_invite_excepted(channel, user)) return Numeric::ERR_INVITEONLYCHAN;
  if (is_banned(channel, user)) return Numeric::ERR_BANNEDFROMCHAN;
  if (!channel.key.empty() && key != channel.key) return Numeric::ERR_BADCHANNELKEY;
  if (channel.limit > 0 && channel.size() >= channel.limit && !invited) return Numeric::ERR_CHANNELISFULL;
  return Numeric{};
}

// extended-join: members that asked get "JOIN #chan account :realname" (account "*" when
// none), the others and the bridges the plain JOIN. Splitting costs a pass over the members,
// so the JOIN does it only while accounts are on (the capability is offered only then), and
// keeps the channel's shared snapshot when nobody asked.
// REQUIRES: registry lock held.
void split_for_extended_join(const chat::Channel& channel, std::shared_ptr<const chat::Audience>& plain,
                             std::shared_ptr<chat::Audience>& extended) {
  auto rest = std::make_shared<chat::Audience>();
  extended = std::make_shared<chat::Audience>();
  for (const auto& member : channel.members()) {
    auto endpoint = member.user->endpoint.lock();
    if (!endpoint) continue;
    (member.user->caps & kCapExtendedJoin ? *extended : *rest).add(std::move(endpoint));
  }
  if (extended->size == 0) return;
  for (const auto& endpoint : channel.attached()) rest->add(endpoint);
  plain = std::move(rest);
}

}  // namespace

void join_channel(Session& s, std::string_view name, std::string_view key, Creation creation) {
  auto& registry = s.server().registry;
  const std::string& server = s.server().server_name;
  auto config = s.server().config();
  std::shared_ptr<const chat::Audience> audience;
  chat::SharedVariants line;
  std::shared_ptr<chat::Audience> away_audience;
  chat::SharedVariants away_line;
  std::shared_ptr<chat::Audience> extended_audience;
  chat::SharedVariants extended_line;
  std::string replies;
  std::string folded;
  std::string joined_name;
  HistoryEvents events(s.server());
  if (creation == Creation::kAsk && s.server().cluster) {
    bool exists = false;
    {
      sys::MutexLock lock(registry.mutex());
      exists = registry.find_channel(name) != nullptr;
    }
    // The network decides who creates a channel; the answer comes back to this function.
    if (!exists && claim_cluster_channel(s, name, key)) return;
  }
  {
    sys::MutexLock lock(registry.mutex());
    chat::User& me = s.user();
    chat::Channel* existing = registry.find_channel(name);
    if (existing && existing->has(&me)) return;
    // Checked before open_channel so a refused JOIN never leaves an empty channel behind.
    if (me.channels.size() >= config->limits.max_channels_per_user) {
      s.numeric(Numeric::ERR_TOOMANYCHANNELS, {name});
      return;
    }
    if (existing) {
      bool invited = std::any_of(me.invitations.begin(), me.invitations.end(),
                                 [&](const auto& i) { return i.channel == existing->folded(); });
      Numeric refusal = join_refusal(*existing, me, key, invited);
      if (refusal != Numeric{}) {
        s.numeric(refusal, {existing->name()});
        return;
      }
      take_invitation(me, *existing);
    }
    if (!existing && !cluster_allows(s.server())) {
      s.numeric(Numeric::ERR_UNKNOWNERROR, {"JOIN", name}, partition_refusal("no new channels"));
      return;
    }
    bool created = false;
    chat::Channel& channel = registry.open_channel(name, created);
    // Created by another node whose JOIN has not arrived yet: its modes come with that JOIN.
    const bool creator = created && creation != Creation::kMember;
    if (created) channel.set_flags(config->server.default_channel_modes);
    channel.add(&me, creator);
    me.channels.push_back(&channel);
    cluster_join(s.server(), me, channel, creator, creator);
    line = make_variants(make_line(me.prefix(), "JOIN", {channel.name()}), {.account = me.account});
    events.add(channel, me.prefix(), "JOIN");
    audience = channel.audience();
    if (s.server().accounts) {
      split_for_extended_join(channel, audience, extended_audience);
      if (extended_audience->size > 0) {
        extended_line = make_variants(
            make_line(me.prefix(), "JOIN", {channel.name(), me.account.empty() ? "*" : me.account}, me.realname),
            {.account = me.account});
      }
    }
    if (!me.away.empty()) {
      // away-notify: members who asked learn at once that the newcomer is away.
      away_audience = std::make_shared<chat::Audience>();
      for (const auto& member : channel.members()) {
        if (member.user == &me || !(member.user->caps & kCapAwayNotify)) continue;
        if (auto endpoint = member.user->endpoint.lock()) away_audience->add(std::move(endpoint));
      }
      if (away_audience->size > 0)
        away_line = make_variants(make_line(me.prefix(), "AWAY", {}, me.away), {.account = me.account});
    }
    if (!channel.topic().empty()) append_topic(replies, server, me.nick, channel);
    append_names(replies, server, me.nick, me.caps, channel);
    if (channel.history) folded = channel.folded();
    joined_name = channel.name();
  }
  events.store();
  // The joiner's own JOIN goes out first (inline on this loop), then topic and names. Each
  // loop runs posted tasks in order, so members see the AWAY right after the JOIN.
  s.server().fanout.to_audience(std::move(audience), std::move(line), nullptr);
  if (extended_line) s.server().fanout.to_audience(std::move(extended_audience), std::move(extended_line), nullptr);
  if (away_line) s.server().fanout.to_audience(std::move(away_audience), std::move(away_line), nullptr);
  s.send(std::move(replies));
  if (!folded.empty()) replay_on_join(s, folded, joined_name);  // "" when the channel keeps no history
}

void handle_join(Session& s, const Message& m) {
  if (m.arg(0) == "0") {
    std::vector<std::string> names;
    {
      sys::MutexLock lock(s.server().registry.mutex());
      for (chat::Channel* channel : s.user().channels) names.push_back(channel->name());
    }
    for (const auto& name : names) part_one(s, name, std::nullopt);
    return;
  }
  auto names = split_targets(s, m.arg(0), kMaxJoinsPerCommand);
  if (!names) return;
  auto max_len = s.server().config()->limits.channel_length;
  auto keys = split_list(m.arg(1), kMaxJoinsPerCommand);
  std::size_t index = 0;
  for (std::string_view name : *names) {
    std::string_view key = index < keys.size() ? keys[index] : std::string_view();
    ++index;
    if (!is_valid_channel(name, max_len)) {
      s.numeric(Numeric::ERR_NOSUCHCHANNEL, {name.substr(0, 64)});
      continue;
    }
    join_channel(s, name, key);
  }
}

void handle_part(Session& s, const Message& m) {
  std::optional<std::string_view> reason;
  if (m.param_count > 1) reason = m.arg(1);
  auto names = split_targets(s, m.arg(0), kMaxJoinsPerCommand);
  if (!names) return;
  for (std::string_view name : *names) part_one(s, name, reason);
}

void handle_topic(Session& s, const Message& m) {
  auto& registry = s.server().registry;
  const std::string& server = s.server().server_name;
  std::string_view name = m.arg(0);
  std::shared_ptr<const chat::Audience> audience;
  chat::SharedVariants line;
  HistoryEvents events(s.server());
  {
    sys::MutexLock lock(registry.mutex());
    chat::Channel* channel = registry.find_channel(name);
    if (!channel) {
      s.numeric(Numeric::ERR_NOSUCHCHANNEL, {name});
      return;
    }
    chat::Membership* membership = channel->find(&s.user());
    if (m.param_count < 2) {
      if (!membership && channel->secret) {
        s.numeric(Numeric::ERR_NOTONCHANNEL, {channel->name()});
        return;
      }
      std::string replies;
      append_topic(replies, server, s.nick(), *channel);
      s.send(std::move(replies));
      return;
    }
    if (!membership && !s.user().oper) {
      s.numeric(Numeric::ERR_NOTONCHANNEL, {channel->name()});
      return;
    }
    if (channel->topic_locked && !channel->is_operator(&s.user())) {
      s.numeric(Numeric::ERR_CHANOPRIVSNEEDED, {channel->name()});
      return;
    }
    std::string_view topic = m.arg(1);
    topic = topic.substr(0, utf8_cut(topic, s.server().config()->limits.topic_length));
    channel->set_topic(std::string(topic), s.user().nick, std::time(nullptr));
    line =
        make_variants(make_line(s.user().prefix(), "TOPIC", {channel->name()}, topic), {.account = s.user().account});
    events.add(*channel, s.user().prefix(), "TOPIC", {}, topic);
    cluster_topic(s.server(), s.user(), *channel);
    audience = channel->audience();
  }
  events.store();
  s.server().fanout.to_audience(std::move(audience), std::move(line), nullptr);
}

void handle_names(Session& s, const Message& m) {
  const std::string& server = s.server().server_name;
  std::string replies;
  if (m.param_count == 0) {
    append_numeric(replies, server, s.nick(), Numeric::RPL_ENDOFNAMES, {"*"});
  } else {
    auto names = split_targets(s, m.arg(0), kMaxJoinsPerCommand);
    if (!names) return;
    auto& registry = s.server().registry;
    sys::MutexLock lock(registry.mutex());
    for (std::string_view name : *names) {
      chat::Channel* channel = registry.find_channel(name);
      if (channel && (!channel->secret || channel->has(&s.user()))) {
        append_names(replies, server, s.nick(), s.user().caps, *channel);
      } else {
        append_numeric(replies, server, s.nick(), Numeric::RPL_ENDOFNAMES, {name});
      }
    }
  }
  s.send(std::move(replies));
}

}  // namespace chatd::irc
