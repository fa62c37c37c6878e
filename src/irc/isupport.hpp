// The RPL_ISUPPORT (005) tokens that tell clients this server's limits and syntax.
// Pure function of the Config; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"

namespace chatd::irc {

// `history`: the store is running, so CHATHISTORY= and MSGREFTYPES= are announced.
std::vector<std::string> isupport_tokens(const config::Config& config, bool history = false);

}  // namespace chatd::irc
