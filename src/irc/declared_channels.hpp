// Declared channels: the [[channel]] tables of the config, which exist from start-up and stay
// when empty. Safe from any thread (takes the registry lock).
#pragma once

#include "config/config.hpp"
#include "irc/server_context.hpp"

namespace chatd::irc {

// Creates the declared channels that do not exist yet, with their topic, modes and key. A
// channel that already exists (a reload) becomes declared but keeps what its operators set
// since; a channel no longer declared is dropped once it is empty.
void apply_declared_channels(ServerContext& server, const config::Config& config);

}  // namespace chatd::irc
