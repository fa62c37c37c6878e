// Nick reservation ([accounts] nick_reservation): a nick that is an account's name belongs to
// whoever is logged in to that account. "rename": a user on it who is not gets a notice and
// reservation_grace seconds to log in, then becomes GuestNNNNN. "strict": such a user cannot
// take it at all (433 at NICK after registration; before, at registration, since SASL comes
// after the first NICK). Either way the owner, logged in, may take the nick back: the holder's
// loop renames the holder, then the owner's loop retries the NICK.
//
// Thread rules: loop-only (the session's loop), like every handler; they take the Registry
// lock themselves. yield_nick runs on the holder's loop, posted there by reclaim_nick.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "irc/session.hpp"

namespace chatd::irc {

enum class Reservation { kOff, kRename, kStrict };
Reservation reservation_mode(const ServerContext& server);

// The account `nick` is reserved for, when it is reserved against this session: reservation
// on, the nick an account's name, the session not logged in to that account.
std::optional<std::string> reserved_against(Session& s, std::string_view nick);
// Whether the session is logged in to the account named `nick` (and so may reclaim it).
bool owns_nick(Session& s, std::string_view nick);

// After registration or a nick change: starts the grace (a notice and a deadline) when the
// current nick is reserved against the session in rename mode; ends any grace otherwise.
void start_grace(Session& s);
// On the tick: renames the user to a guest nick once the grace has passed, unless they have
// logged in to the account (or reservation was turned off) meanwhile.
void enforce_grace(Session& s, std::chrono::steady_clock::time_point now);
// Strict mode, at registration: false when the nick is reserved against the session; the
// nick is then released and the client told (433), and registration waits for another NICK.
bool admit_nick_at_registration(Session& s);

// `nick` is held by someone else and `s` owns it: renames the holder on its loop, then
// changes s's nick on s's loop (433 if someone took it meanwhile).
void reclaim_nick(Session& s, std::string nick);
// On the holder's loop: renames the session to a guest nick if it still holds `folded`.
void yield_nick(Session& s, std::string_view folded);

}  // namespace chatd::irc
