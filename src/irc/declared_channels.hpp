// Declared channels: the [[channel]] tables of the config and the channels of the line
// listeners, which exist from start-up and stay when empty, so nobody becomes their operator
// by joining first. Safe from any thread (takes the registry lock).
#pragma once

#include "config/config.hpp"
#include "irc/server_context.hpp"

namespace chatd::irc {

// Creates the declared channels that do not exist yet, with their topic, modes and key (a line
// listener's channel: server.default_channel_modes, no topic). A channel that already exists
// (a reload) becomes declared but keeps what its operators set since; a channel no longer
// declared is dropped once it is empty. `listeners` are the running ones: the listeners of a
// reloaded file only take effect after a restart.
void apply_declared_channels(ServerContext& server, const config::Config& config,
                             const std::vector<config::ListenSpec>& listeners);

}  // namespace chatd::irc
