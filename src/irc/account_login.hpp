// Logging a session in to an account, the one way SASL (sasl.cpp) and REGISTER (register.cpp)
// share: the account is set on the user, the client gets RPL_LOGGEDIN (900) and, after
// connection registration, channel peers and extended-monitor watchers with account-notify
// hear "ACCOUNT <name>". Before registration nobody knows the user yet, so only 900 is sent.
// Logging out (account_logout.hpp) is the same change the other way.
//
// Thread rules: loop-only (the session's loop); takes the Registry lock itself.
#pragma once

#include <string>

#include "irc/session.hpp"

namespace chatd::irc {

// `account` is the account's name as created.
void log_in(Session& s, const std::string& account);

// Sets the session's account (`account` "": none) under the registry lock and, after
// registration, sends "ACCOUNT <account or *>" to account-notify peers and watchers. Returns
// the client's nick!user@host for 900/901 ('*' for a user name not given yet).
std::string change_account(Session& s, const std::string& account);

}  // namespace chatd::irc
