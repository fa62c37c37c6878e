// An invitation (INVITE) into a channel, kept on the invitee: it lets them past +i (and +l)
// once, within kInvitationSeconds; at most kMaxInvitations per user, the oldest goes first.
// Made by INVITE here or, in a cluster, by an INVITE on another node (cluster/remote_state).
//
// Thread rules: REQUIRES the registry lock.
#pragma once

#include "chat/channel.hpp"
#include "chat/user.hpp"

namespace chatd::irc {

void remember_invitation(chat::User& invitee, const chat::Channel& channel);

}  // namespace chatd::irc
