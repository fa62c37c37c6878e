// Changing a user's nick, the one way NICK, the renaming of a user on a reserved nick and the
// reclaiming of one share: the nick is claimed in the Registry; for a registered user the
// change is recorded for WHOWAS, fanned out once to everyone sharing a channel, kept as a
// history event and told to MONITOR watchers; an unregistered user goes on registering.
//
// Thread rules: loop-only (the session's loop); takes the Registry lock itself.
#pragma once

#include <string_view>

#include "irc/session.hpp"

namespace chatd::irc {

enum class NickChange { kChanged, kSame, kInUse };

// REQUIRES: `nick` is valid (is_valid_nick). Checks no rate limit and no reservation: the
// caller has. kInUse: someone else holds it and nothing changed (the caller answers).
NickChange change_nick(Session& s, std::string_view nick);

}  // namespace chatd::irc
