// JOIN of one channel (channel.cpp), and in a cluster its first step for a channel that does
// not exist yet: the network's channel bucket says who creates it (cluster_join.cpp).
#pragma once

#include <string_view>

#include "irc/session.hpp"

namespace chatd::irc {

// How a JOIN that would create the channel goes: kAsk claims the channel in a cluster first
// (standalone: creates it at once, with op); the claim's answer comes back as kCreator (op) or
// kMember (another node created it: an ordinary member of the channel as it arrives).
enum class Creation { kAsk, kCreator, kMember };

void join_channel(Session& s, std::string_view name, std::string_view key, Creation creation = Creation::kAsk);

// Starts the claim; join_channel runs again on the session's loop with its answer (400 while
// the network is partitioned). False when there is nothing to ask (standalone, no session).
bool claim_cluster_channel(Session& s, std::string_view name, std::string_view key);

}  // namespace chatd::irc
