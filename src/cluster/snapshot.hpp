// Snapshots between the chat state and cluster events: a local user or channel described for
// the other nodes, and a described channel's modes, lists and topic applied to the local copy.
// Every function REQUIRES: the registry mutex held by the caller.
#pragma once

#include "chat/channel.hpp"
#include "chat/registry.hpp"
#include "chat/user.hpp"
#include "cluster/event.hpp"

namespace chatd::cluster {

RemoteUser describe_user(const chat::User& user);
// With `local_members`, the members connected to this node with their op and voice (a burst);
// otherwise every member's op and voice (a mode change, which may touch anyone's).
ChannelState describe_channel(const chat::Channel& channel, bool local_members);
// Modes, key, limit, lists, topic and, for the members named in `state`, op and voice.
void apply_channel_state(chat::Registry& registry, chat::Channel& channel, const ChannelState& state)
    REQUIRES(registry.mutex());

}  // namespace chatd::cluster

namespace chatd::cluster {

// This node's whole state for a node that just came: every registered local user, and every
// channel one of them is in (with only the local members). node and boot are left empty.
Event local_burst(chat::Registry& registry, const std::string& server_name) REQUIRES(registry.mutex());

}  // namespace chatd::cluster
