// Channel masks: the nick!user@host globs of channel modes +b (bans), +e (ban exceptions) and
// +I (invite exceptions), how a short mask a user typed is completed, and whom a channel's
// lists keep out or let in. Pure functions over chat state.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chat/channel.hpp"
#include "chat/user.hpp"

namespace chatd::irc {

// Completes a mask the way clients expect: "bob" -> "bob!*@*", "*@host" -> "*!*@host",
// "u@h" -> "*!u@h", "n!u" -> "n!u@*". Already-complete masks are unchanged. An account
// extban ("$a": anyone logged in; "$a:glob": an account matching it) is kept as typed, "$A"
// lowercased.
std::string normalize_mask(std::string_view mask);

// Whether any entry of the list matches the user: its nick!user@host, or for a "$a" entry
// the account it is logged in to.
bool matches_any(const std::vector<chat::Ban>& list, const chat::User& user);

// Whether the channel's bans match the user and no ban exception (+e) does.
// REQUIRES: registry lock held.
bool is_banned(const chat::Channel& channel, const chat::User& user);

// Whether an invite exception (+I) lets the user past +i. REQUIRES: registry lock held.
bool is_invite_excepted(const chat::Channel& channel, const chat::User& user);

// Whether the user may send to the channel: +n keeps outsiders out, +m everyone without voice
// or op, and bans everyone they match who has neither. Opers pass everywhere.
// REQUIRES: registry lock held.
bool can_send(chat::Channel& channel, const chat::User& user);

}  // namespace chatd::irc
