// NICK in a cluster (doc/CLUSTER.md): a nick nobody here holds is first claimed in the
// network's nick bucket (compare-and-set), off this loop; the answer comes back to the
// session's loop, where the change goes ahead (433 when another node's user has it, 400 while
// the network is partitioned). At most one claim per session is in flight.
#pragma once

#include <string>
#include <string_view>

#include "irc/session.hpp"

namespace chatd::irc {

// True when the NICK has been taken over (a claim was started or refused); false when the
// caller goes on as standalone: no cluster, a line client's guest nick, or a nick held here.
bool claim_cluster_nick(Session& s, std::string_view nick);

// Once a claim is answered: the NICK's own change, 433 and reclaim included (nick_change.cpp).
void finish_nick(Session& s, std::string_view nick);

}  // namespace chatd::irc
