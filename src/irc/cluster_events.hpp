// What this node tells the other nodes of a cluster (doc/CLUSTER.md) when its own users act.
// Each function does nothing without [cluster] (one null check) and otherwise queues one event
// for the network's stream. REQUIRES: the registry lock held, so the stream holds this node's
// changes in the order they happened here.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "chat/channel.hpp"
#include "chat/user.hpp"
#include "irc/server_context.hpp"

namespace chatd::irc {

void cluster_user(ServerContext& server, const chat::User& user);
void cluster_nick(ServerContext& server, std::string_view old_nick, std::string_view nick);
void cluster_quit(ServerContext& server, std::string_view nick, std::string_view reason);
// `created`: the joiner made the channel, whose modes the others take from this event.
void cluster_join(ServerContext& server, const chat::User& user, const chat::Channel& channel, bool op, bool created);
void cluster_part(ServerContext& server, const chat::User& user, const chat::Channel& channel,
                  std::optional<std::string_view> reason);
// INVITE of `invitee` (on any node) into `channel`: its node remembers the invitation.
void cluster_invite(ServerContext& server, const chat::User& inviter, const chat::User& invitee,
                    const chat::Channel& channel);
void cluster_kick(ServerContext& server, std::string_view source, std::string_view actor, const chat::Channel& channel,
                  std::string_view victim, std::optional<std::string_view> reason);
void cluster_topic(ServerContext& server, const chat::User& user, const chat::Channel& channel);
// `changes`: the echoed MODE line's modes and parameters ("+o bob").
void cluster_mode(ServerContext& server, const chat::User& user, const chat::Channel& channel,
                  std::string_view changes);

// chatctl announce: `channel` empty for every user of the network.
void cluster_announce(ServerContext& server, std::string_view channel, std::string_view body);

struct ClusterMessage {
  std::string_view command;  // PRIVMSG, NOTICE, TAGMSG
  std::string_view target;   // the channel's or nick's name
  std::optional<std::string_view> text;
  std::string_view msgid;
  std::string_view client_tags;
  std::chrono::system_clock::time_point when;
};
void cluster_message(ServerContext& server, const chat::User& sender, const ClusterMessage& message);
// The same from a sender that is no user: a datagram bridge's pseudo-user.
struct MessageSource {
  std::string_view nick;
  std::string_view prefix;  // nick!user@host
  std::string_view account;
  bool bot = false;
};
void cluster_message(ServerContext& server, const MessageSource& sender, const ClusterMessage& message);

// Gives up this node's claim on `nick` in the nick bucket (after a NICK away from it or a
// QUIT). Any lock may be held: it only queues.
void release_cluster_nick(ServerContext& server, std::string_view nick);

// The text of the 400 that refuses `what` ("new nicks") while the network is partitioned.
std::string partition_refusal(std::string_view what);

// True when the change may go ahead: standalone, or the cluster has its quorum. Otherwise the
// caller refuses with 400 naming `command` (consistency over availability).
bool cluster_allows(ServerContext& server) noexcept;

}  // namespace chatd::irc
