#include "cluster/snapshot.hpp"

namespace chatd::cluster {
namespace {

std::vector<BanEntry> describe_bans(const std::vector<chat::Ban>& list) {
  std::vector<BanEntry> out;
  out.reserve(list.size());
  for (const auto& b : list) out.push_back({b.mask, b.setter, static_cast<std::int64_t>(b.when)});
  return out;
}

std::vector<chat::Ban> bans_of(const std::vector<BanEntry>& list) {
  std::vector<chat::Ban> out;
  out.reserve(list.size());
  for (const auto& b : list) out.push_back({b.mask, b.setter, static_cast<std::time_t>(b.when), nullptr});
  return out;
}

}  // namespace

RemoteUser describe_user(const chat::User& u) {
  RemoteUser r;
  r.nick = u.nick;
  r.username = u.username;
  r.host = u.host;
  r.realname = u.realname;
  r.account = u.account;
  r.away = u.away;
  r.server = u.server;
  r.bot = u.bot;
  r.oper = u.oper;
  r.secure = u.secure;
  r.invisible = u.invisible;
  r.signon = static_cast<std::int64_t>(u.signon);
  return r;
}

ChannelState describe_channel(const chat::Channel& c, bool local_members) {
  ChannelState s;
  s.name = c.name();
  s.created = c.created();
  s.topic = c.topic();
  s.topic_setter = c.topic_setter();
  s.topic_time = c.topic_time();
  s.flags = c.mode_string();
  s.key = c.key;
  s.limit = c.limit;
  s.bans = describe_bans(c.bans);
  s.exceptions = describe_bans(c.exceptions);
  s.invex = describe_bans(c.invex);
  for (const auto& m : c.members()) {
    if (local_members && !m.user->server.empty()) continue;
    s.members.push_back({m.user->nick, m.op, m.voice});
  }
  return s;
}

void apply_channel_state(chat::Registry& registry, chat::Channel& c, const ChannelState& s) {
  c.set_flags(s.flags);
  c.key = s.key;
  c.limit = static_cast<std::size_t>(s.limit);
  c.bans = bans_of(s.bans);
  c.exceptions = bans_of(s.exceptions);
  c.invex = bans_of(s.invex);
  if (s.topic != c.topic() || s.topic_time != c.topic_time())
    c.set_topic(s.topic, s.topic_setter, static_cast<std::time_t>(s.topic_time));
  for (const auto& m : s.members) {
    chat::User* user = registry.find_user(m.nick);
    if (!user) continue;
    if (chat::Membership* membership = c.find(user)) {
      membership->op = m.op;
      membership->voice = m.voice;
    }
  }
}

}  // namespace chatd::cluster

namespace chatd::cluster {

Event local_burst(chat::Registry& registry, const std::string& server_name) {
  Event e;
  e.type = EventType::kBurst;
  for (const auto& [folded, user] : registry.users()) {
    if (user->server.empty() && user->registered) {
      e.users.push_back(describe_user(*user));
      e.users.back().server = server_name;
    }
  }
  for (const auto& [folded, channel] : registry.channels()) {
    ChannelState state = describe_channel(*channel, true);
    if (!state.members.empty()) e.channels.push_back(std::move(state));
  }
  return e;
}

}  // namespace chatd::cluster
