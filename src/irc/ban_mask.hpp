// Ban masks: the nick!user@host globs of channel mode +b, how a short mask a user typed is
// completed, and who a channel's bans keep out. Pure functions over chat state.
#pragma once

#include <string>
#include <string_view>

#include "chat/channel.hpp"
#include "chat/user.hpp"

namespace chatd::irc {

// Completes a mask the way clients expect: "bob" -> "bob!*@*", "*@host" -> "*!*@host",
// "u@h" -> "*!u@h", "n!u" -> "n!u@*". Already-complete masks are unchanged.
std::string normalize_mask(std::string_view mask);

// Whether any of the channel's bans matches the user. REQUIRES: registry lock held.
bool is_banned(const chat::Channel& channel, const chat::User& user);

// Whether the user may send to the channel: +n keeps outsiders out, +m everyone without voice
// or op, and bans everyone they match who has neither. Opers pass everywhere.
// REQUIRES: registry lock held.
bool can_send(chat::Channel& channel, const chat::User& user);

}  // namespace chatd::irc
