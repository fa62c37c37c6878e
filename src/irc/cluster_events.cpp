#include "irc/cluster_events.hpp"

#include "cluster/cluster.hpp"
#include "cluster/snapshot.hpp"

namespace chatd::irc {

namespace {

cluster::Event event(cluster::EventType type, std::string_view actor) {
  cluster::Event e;
  e.type = type;
  e.user.nick = actor;
  return e;
}

void set_text(cluster::Event& e, std::optional<std::string_view> text) {
  if (!text) return;
  e.text = *text;
  e.has_text = true;
}

}  // namespace

void release_cluster_nick(ServerContext& server, std::string_view nick) {
  if (server.cluster) server.cluster->release_nick(std::string(nick));
}

std::string partition_refusal(std::string_view what) {
  return "The network is partitioned: " + std::string(what) + " until it heals";
}

bool cluster_allows(ServerContext& server) noexcept { return !server.cluster || server.cluster->has_quorum(); }

void cluster_user(ServerContext& server, const chat::User& user) {
  if (!server.cluster) return;
  cluster::Event e;
  e.type = cluster::EventType::kUser;
  e.user = cluster::describe_user(user);
  e.user.server = server.server_name;
  server.cluster->publish(std::move(e));
}

void cluster_nick(ServerContext& server, std::string_view old_nick, std::string_view nick) {
  if (!server.cluster) return;
  auto e = event(cluster::EventType::kNick, old_nick);
  e.target = nick;
  server.cluster->publish(std::move(e));
}

void cluster_quit(ServerContext& server, std::string_view nick, std::string_view reason) {
  if (!server.cluster) return;
  auto e = event(cluster::EventType::kQuit, nick);
  set_text(e, reason);
  server.cluster->publish(std::move(e));
}

void cluster_join(ServerContext& server, const chat::User& user, const chat::Channel& channel, bool op, bool created) {
  if (!server.cluster) return;
  auto e = event(cluster::EventType::kJoin, user.nick);
  e.channel = channel.name();
  e.op = op;
  if (created) e.state = cluster::describe_channel(channel, false);
  server.cluster->publish(std::move(e));
}

void cluster_part(ServerContext& server, const chat::User& user, const chat::Channel& channel,
                  std::optional<std::string_view> reason) {
  if (!server.cluster) return;
  auto e = event(cluster::EventType::kPart, user.nick);
  e.channel = channel.name();
  set_text(e, reason);
  server.cluster->publish(std::move(e));
}

void cluster_kick(ServerContext& server, std::string_view source, std::string_view actor, const chat::Channel& channel,
                  std::string_view victim, std::optional<std::string_view> reason) {
  if (!server.cluster) return;
  auto e = event(cluster::EventType::kKick, actor.empty() ? source : actor);
  e.prefix = source;
  e.channel = channel.name();
  e.target = victim;
  set_text(e, reason);
  server.cluster->publish(std::move(e));
}

void cluster_invite(ServerContext& server, const chat::User& inviter, const chat::User& invitee,
                    const chat::Channel& channel) {
  if (!server.cluster) return;
  auto e = event(cluster::EventType::kInvite, inviter.nick);
  e.prefix = inviter.prefix();
  e.account = inviter.account;
  e.channel = channel.name();
  e.target = invitee.nick;
  server.cluster->publish(std::move(e));
}

void cluster_topic(ServerContext& server, const chat::User& user, const chat::Channel& channel) {
  if (!server.cluster) return;
  auto e = event(cluster::EventType::kTopic, user.nick);
  e.channel = channel.name();
  set_text(e, channel.topic());
  server.cluster->publish(std::move(e));
}

void cluster_mode(ServerContext& server, const chat::User& user, const chat::Channel& channel,
                  std::string_view changes) {
  if (!server.cluster) return;
  auto e = event(cluster::EventType::kMode, user.nick);
  e.prefix = user.prefix();
  e.channel = channel.name();
  set_text(e, changes);
  e.state = cluster::describe_channel(channel, false);
  server.cluster->publish(std::move(e));
}

void cluster_announce(ServerContext& server, std::string_view channel, std::string_view body) {
  if (!server.cluster) return;
  auto e = event(cluster::EventType::kAnnounce, server.server_name);
  e.channel = channel;
  set_text(e, body);
  server.cluster->publish(std::move(e));
}

void cluster_message(ServerContext& server, const chat::User& sender, const ClusterMessage& m) {
  cluster_message(server, {sender.nick, sender.prefix(), sender.account, sender.bot}, m);
}

void cluster_message(ServerContext& server, const MessageSource& sender, const ClusterMessage& m) {
  if (!server.cluster) return;
  auto e = event(cluster::EventType::kMessage, sender.nick);
  e.prefix = sender.prefix;
  e.command = m.command;
  e.target = m.target;
  set_text(e, m.text);
  e.msgid = m.msgid;
  e.client_tags = m.client_tags;
  e.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(m.when.time_since_epoch()).count();
  e.account = sender.account;
  e.bot = sender.bot;
  server.cluster->publish(std::move(e));
}

}  // namespace chatd::irc
