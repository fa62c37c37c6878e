// Logging sessions out of an account: when the account is deleted (chatctl account del), every
// session logged in to it gets RPL_LOGGEDOUT (901), its User's account is cleared, and after
// registration its account-notify peers and watchers hear "ACCOUNT *" (account_login.hpp's
// change_account, the same path a login takes).
//
// Thread rules: log_out is loop-only (the session's loop). log_out_everywhere runs on any
// thread (the admin's main loop): it finds the sessions under the registry lock and posts the
// logout to each one's own loop.
#pragma once

#include <cstddef>
#include <string>

#include "irc/server_context.hpp"
#include "irc/session.hpp"

namespace chatd::irc {

// Logs `s` out of its account, if it is logged in to one.
void log_out(Session& s);

// Logs out every session whose user is logged in to `account` (any case), each on its own loop
// and only if it is still logged in to that account when the task runs there. Returns how many
// sessions were asked. A session that logged in before sending NICK is not in the registry yet
// and is not found.
std::size_t log_out_everywhere(ServerContext& server, const std::string& account);

}  // namespace chatd::irc
