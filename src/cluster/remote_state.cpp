#include "cluster/remote_state.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <unordered_set>

#include "cluster/snapshot.hpp"
#include "irc/capabilities.hpp"
#include "irc/casemap.hpp"
#include "irc/history_events.hpp"
#include "irc/history_format.hpp"
#include "irc/invitation.hpp"
#include "irc/line_builder.hpp"
#include "irc/names.hpp"
#include "irc/tagged_line.hpp"

namespace chatd::cluster {

namespace {

// Everyone on this node who shares a channel with `user`, once. REQUIRES: registry lock.
std::shared_ptr<chat::Audience> neighbours(const chat::User& user) {
  auto audience = std::make_shared<chat::Audience>();
  std::unordered_set<const chat::User*> seen{&user};
  for (chat::Channel* channel : user.channels) {
    for (const auto& member : channel->members()) {
      if (!seen.insert(member.user).second) continue;
      if (auto endpoint = member.user->endpoint.lock()) audience->add(std::move(endpoint));
    }
  }
  return audience;
}

std::optional<std::string_view> text_of(const Event& e) {
  if (!e.has_text) return std::nullopt;
  return std::string_view(e.text);
}

}  // namespace

RemoteState::~RemoteState() {
  sys::MutexLock lock(server_.registry.mutex());
  Batch ignored(server_);
  for (auto& [name, node] : nodes_) drop_users(node, "*.net *.split", ignored);
}

chat::User* RemoteState::find(Node& node, const std::string& nick) {
  auto it = node.users.find(irc::fold(nick));
  return it == node.users.end() ? nullptr : it->second.get();
}

void RemoteState::apply(const Event& e) {
  Batch out(server_), gone(server_);
  {
    sys::MutexLock lock(server_.registry.mutex());
    if (!nodes_.count(e.node) && nodes_.size() >= kMaxNodes) return;
    Node& node = nodes_[e.node];
    if (node.boot != e.boot) {
      // The node restarted: whoever it had before is gone, whatever its old events said.
      if (!node.boot.empty()) drop_users(node, "*.net *.split", gone);
      node.boot = e.boot;
    }
    apply_locked(node, e, out);
  }
  send(gone, History::kMadeHere);
  send(out, History::kFromOrigin);
}

std::size_t RemoteState::drop_node(const std::string& name, const std::string& reason) {
  Batch out(server_);
  std::size_t count = 0;
  {
    sys::MutexLock lock(server_.registry.mutex());
    auto it = nodes_.find(name);
    if (it == nodes_.end()) return 0;
    count = it->second.users.size();
    drop_users(it->second, reason, out);
    nodes_.erase(it);
  }
  send(out, History::kMadeHere);
  return count;
}

std::map<std::string, std::size_t> RemoteState::users_per_node() {
  sys::MutexLock lock(server_.registry.mutex());
  std::map<std::string, std::size_t> out;
  for (const auto& [name, node] : nodes_) out[name] = node.users.size();
  return out;
}

void RemoteState::add_user(Node& node, const std::string& name, const RemoteUser& r, Batch& out) {
  auto& registry = server_.registry;
  if (node.users.size() >= kMaxUsersPerNode) return;
  auto user = std::make_unique<chat::User>();
  user->username = r.username.empty() ? "user" : r.username;
  user->host = r.host.empty() ? name : r.host;
  user->realname = r.realname;
  user->account = r.account;
  user->away = r.away;
  user->bot = r.bot;
  user->oper = r.oper;
  user->secure = r.secure;
  user->invisible = r.invisible;
  user->signon = user->last_message = static_cast<std::time_t>(r.signon);
  user->server = r.server.empty() ? name : r.server;
  if (!registry.claim_nick(*user, r.nick)) {
    // The nick KV bucket gives each nick one owner; two holders mean one side's claim was
    // bypassed (a partition). The remote one stays invisible here rather than take the name.
    spdlog::warn("cluster: node {} announced {}, which is in use here; ignored", name, r.nick);
    return;
  }
  user->registered = true;
  registry.count_registration(*user);
  out.monitors.push_back(irc::monitor_online(registry, server_.server_name, *user));
  std::string folded = user->folded;
  node.users[folded] = std::move(user);
}

void RemoteState::remove_user(Node& node, chat::User& user, const std::string& reason, Batch& out) {
  auto& registry = server_.registry;
  if (!user.channels.empty()) {
    out.lines.push_back({neighbours(user), irc::make_variants(irc::make_line(user.prefix(), "QUIT", {}, reason),
                                                              {.account = user.account})});
    for (chat::Channel* channel : user.channels) out.events.add(*channel, user.prefix(), "QUIT", {}, reason);
  }
  server_.whowas.record(user.nick, user, std::time(nullptr));
  out.monitors.push_back(irc::monitor_offline(registry, server_.server_name, user.nick, user.folded));
  registry.leave_all(user);
  registry.count_departure(user);
  registry.release_nick(user);
  node.users.erase(user.folded.empty() ? irc::fold(user.nick) : user.folded);
  // The store takes its own lock; its records are plain values.
}

void RemoteState::drop_users(Node& node, const std::string& reason, Batch& out) {
  std::vector<chat::User*> users;
  for (auto& [folded, user] : node.users) users.push_back(user.get());
  for (chat::User* user : users) remove_user(node, *user, reason, out);
  node.users.clear();
}

void RemoteState::join(chat::User& user, const std::string& name, bool op, const ChannelState* state, Batch& out) {
  auto& registry = server_.registry;
  bool created = false;
  chat::Channel& channel = registry.open_channel(name, created);
  if (channel.has(&user)) return;
  if (created) channel.set_flags(server_.config()->server.default_channel_modes);
  // The creator's JOIN carries the channel's modes. A user here may have joined first (the
  // bucket told its node the channel was taken): the creator's modes win.
  if (state) apply_channel_state(registry, channel, *state);
  channel.add(&user, op);
  user.channels.push_back(&channel);
  out.events.add(channel, user.prefix(), "JOIN");
  out.lines.push_back({channel.audience(), irc::make_variants(irc::make_line(user.prefix(), "JOIN", {channel.name()}),
                                                              {.account = user.account})});
}

void RemoteState::message(const Event& e, Batch& out) {
  auto& registry = server_.registry;
  const auto when = std::chrono::system_clock::time_point(std::chrono::milliseconds(e.time_ms));
  irc::RelayTags tags;
  tags.account = e.account;
  tags.client_tags = e.client_tags;
  tags.msgid = e.msgid;
  tags.bot = e.bot;
  tags.tags_only_clients = e.command == "TAGMSG";
  const std::optional<std::string_view> text = e.command == "TAGMSG" ? std::nullopt : text_of(e);
  if (irc::is_channel_name(e.target)) {
    chat::Channel* channel = registry.find_channel(e.target);
    if (!channel) return;
    auto line = irc::make_variants(irc::make_line(e.prefix, e.command, {channel->name()}, text), tags, when);
    out.lines.push_back({channel->audience(), std::move(line)});
    return;
  }
  chat::User* user = registry.find_user(e.target);
  if (!user || !user->server.empty()) return;  // not ours: its own node delivers
  auto endpoint = user->endpoint.lock();
  if (!endpoint) return;
  auto audience = std::make_shared<chat::Audience>();
  audience->add(std::move(endpoint));
  out.lines.push_back(
      {std::move(audience), irc::make_variants(irc::make_line(e.prefix, e.command, {user->nick}, text), tags, when)});
}

void RemoteState::announce(const Event& e, Batch& out) {
  auto& registry = server_.registry;
  // The sending node's name is the source, as its own users see it.
  const std::string& source = e.user.nick;
  if (!e.channel.empty()) {
    chat::Channel* channel = registry.find_channel(e.channel);
    if (!channel) return;
    out.lines.push_back(
        {channel->audience(), irc::make_variants(irc::make_line(source, "NOTICE", {channel->name()}, e.text))});
    return;
  }
  for (const auto& [folded, user] : registry.users()) {
    if (!user->registered || !user->server.empty()) continue;
    auto endpoint = user->endpoint.lock();
    if (!endpoint) continue;
    auto audience = std::make_shared<chat::Audience>();
    audience->add(std::move(endpoint));
    out.lines.push_back(
        {std::move(audience), irc::make_variants(irc::make_line(source, "NOTICE", {user->nick}, e.text))});
  }
}

void RemoteState::burst(Node& node, const Event& e, Batch& out) {
  // A burst is the node's whole local state: users it no longer has are gone.
  std::unordered_set<std::string> present;
  for (const auto& u : e.users) present.insert(irc::fold(u.nick));
  std::vector<chat::User*> gone;
  for (auto& [folded, user] : node.users) {
    if (!present.count(folded)) gone.push_back(user.get());
  }
  for (chat::User* user : gone) remove_user(node, *user, "*.net *.split", out);
  for (const auto& u : e.users) {
    if (!find(node, u.nick)) add_user(node, e.node, u, out);
  }
  for (const auto& c : e.channels) {
    for (const auto& m : c.members) {
      if (chat::User* user = find(node, m.nick)) join(*user, c.name, m.op, &c, out);
    }
  }
}

void RemoteState::apply_locked(Node& node, const Event& e, Batch& out) {
  auto& registry = server_.registry;
  using T = EventType;
  if (e.type == T::kBurst) return burst(node, e, out);
  if (e.type == T::kUser) {
    if (chat::User* old = find(node, e.user.nick)) {
      // A change of away, realname or modes: the user stays, its fields follow.
      old->away = e.user.away;
      old->realname = e.user.realname;
      old->account = e.user.account;
      old->bot = e.user.bot;
      return;
    }
    return add_user(node, e.node, e.user, out);
  }
  if (e.type == T::kMessage) return message(e, out);
  if (e.type == T::kAnnounce) return announce(e, out);
  if (e.type == T::kInvite) return invite(e, out);
  chat::User* user = find(node, e.user.nick);
  if (e.type == T::kKick) {
    chat::Channel* channel = registry.find_channel(e.channel);
    chat::User* victim = registry.find_user(e.target);
    if (!channel || !victim || !channel->has(victim)) return;
    out.events.add(*channel, e.prefix, "KICK", victim->nick, text_of(e));
    out.lines.push_back({channel->audience(), irc::make_variants(irc::make_line(
                                                  e.prefix, "KICK", {channel->name(), victim->nick}, text_of(e)))});
    registry.leave(*victim, *channel);
    return;
  }
  if (!user) return;  // announced before this node listened: its burst brings it
  switch (e.type) {
    case T::kNick: {
      std::string old_prefix = user->prefix();
      std::string old_nick = user->nick;
      std::string old_folded = user->folded;
      server_.whowas.record(user->nick, *user, std::time(nullptr));
      auto owned = std::move(node.users[old_folded]);
      node.users.erase(old_folded);
      if (!registry.claim_nick(*user, e.target)) {
        spdlog::warn("cluster: node {} renamed {} to {}, which is in use here; dropped", e.node, user->nick, e.target);
        node.users[old_folded] = std::move(owned);
        return remove_user(node, *user, "Nick collision", out);
      }
      node.users[user->folded] = std::move(owned);
      if (old_folded != user->folded) {
        out.monitors.push_back(irc::monitor_offline(registry, server_.server_name, old_nick, old_folded));
        out.monitors.push_back(irc::monitor_online(registry, server_.server_name, *user));
      }
      for (chat::Channel* channel : user->channels) out.events.add(*channel, old_prefix, "NICK", {}, e.target);
      out.lines.push_back({neighbours(*user), irc::make_variants(irc::make_line(old_prefix, "NICK", {}, e.target),
                                                                 {.account = user->account})});
      return;
    }
    case T::kQuit:
      return remove_user(node, *user, e.text, out);
    case T::kJoin:
      return join(*user, e.channel, e.op, e.state ? &*e.state : nullptr, out);
    case T::kPart: {
      chat::Channel* channel = registry.find_channel(e.channel);
      if (!channel || !channel->has(user)) return;
      out.events.add(*channel, user->prefix(), "PART", {}, text_of(e));
      out.lines.push_back({channel->audience(),
                           irc::make_variants(irc::make_line(user->prefix(), "PART", {channel->name()}, text_of(e)),
                                              {.account = user->account})});
      registry.leave(*user, *channel);
      return;
    }
    case T::kTopic: {
      chat::Channel* channel = registry.find_channel(e.channel);
      if (!channel) return;
      channel->set_topic(e.text, user->nick, std::time(nullptr));
      out.events.add(*channel, user->prefix(), "TOPIC", {}, e.text);
      out.lines.push_back(
          {channel->audience(), irc::make_variants(irc::make_line(user->prefix(), "TOPIC", {channel->name()}, e.text),
                                                   {.account = user->account})});
      return;
    }
    case T::kMode: {
      chat::Channel* channel = registry.find_channel(e.channel);
      if (!channel) return;
      apply_channel_state(registry, *channel, *e.state);
      // text: the MODE line's changes and their parameters ("+o bob"), as the sender's node echoed them.
      std::string line = ":" + e.prefix + " MODE " + channel->name() + " " + e.text + "\r\n";
      out.events.add(*channel, e.prefix, "MODE", e.text);
      out.lines.push_back({channel->audience(), irc::make_variants(std::move(line), {.account = user->account})});
      return;
    }
    default:
      return;
  }
}

// Every node keeps the invitation on its copy of the invitee; the invitee's own node shows it
// the INVITE, and each node its channel operators with invite-notify.
void RemoteState::invite(const Event& e, Batch& out) {
  auto& registry = server_.registry;
  chat::Channel* channel = registry.find_channel(e.channel);
  chat::User* invitee = registry.find_user(e.target);
  if (!channel || !invitee || channel->has(invitee)) return;
  irc::remember_invitation(*invitee, *channel);
  auto line =
      irc::make_variants(irc::make_line(e.prefix, "INVITE", {invitee->nick, channel->name()}), {.account = e.account});
  if (auto endpoint = invitee->endpoint.lock()) {
    auto audience = std::make_shared<chat::Audience>();
    audience->add(std::move(endpoint));
    out.lines.push_back({std::move(audience), line});
  }
  auto notify = std::make_shared<chat::Audience>();
  for (const auto& member : channel->members()) {
    if (!member.op || !(member.user->caps & irc::kCapInviteNotify)) continue;
    if (auto endpoint = member.user->endpoint.lock()) notify->add(std::move(endpoint));
  }
  if (notify->size > 0) out.lines.push_back({std::move(notify), std::move(line)});
}

void RemoteState::send(Batch& out, History history) {
  // The origin's own records reach the history through the network's history stream.
  if (history == History::kMadeHere) out.events.store_unshared();
  for (auto& notice : out.monitors) notice.send(server_.fanout);
  for (auto& o : out.lines) {
    if (o.audience && o.audience->size > 0 && o.line)
      server_.fanout.to_audience(std::move(o.audience), std::move(o.line), nullptr);
  }
}

}  // namespace chatd::cluster
