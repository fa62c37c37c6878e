// The lookup that channel commands (INVITE, KICK) start with: the channel must exist (403) and
// the user must be on it (442), unless a server operator, who acts from anywhere.
#pragma once

#include <string_view>

#include "irc/session.hpp"

namespace chatd::irc {

// The channel, or nullptr after answering 403 or 442.
chat::Channel* channel_of_member(Session& s, std::string_view name) REQUIRES(s.server().registry.mutex());

}  // namespace chatd::irc
