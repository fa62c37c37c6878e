#include "irc/declared_channels.hpp"

#include <algorithm>
#include <vector>

namespace chatd::irc {

void apply_declared_channels(ServerContext& server, const config::Config& config,
                             const std::vector<config::ListenSpec>& listeners) {
  auto& registry = server.registry;
  sys::MutexLock lock(registry.mutex());
  std::vector<std::string> wanted;
  for (const auto& declared : config.channels) {
    bool created = false;
    chat::Channel& channel = registry.open_channel(declared.name, created);
    channel.declared = true;
    // Unlike the modes, the opt-out is the config's alone: a reload applies it at once.
    channel.history = declared.history;
    wanted.push_back(channel.folded());
    if (!created) continue;
    channel.set_flags(declared.modes);
    channel.key = declared.key;
    if (!declared.topic.empty()) channel.set_topic(declared.topic, server.server_name, std::time(nullptr));
  }
  for (const auto& listener : listeners) {
    if (listener.protocol != "line") continue;
    bool created = false;
    chat::Channel& channel = registry.open_channel(listener.channel, created);
    channel.declared = true;
    if (std::find(wanted.begin(), wanted.end(), channel.folded()) == wanted.end()) channel.history = true;
    wanted.push_back(channel.folded());
    if (created) channel.set_flags(config.server.default_channel_modes);
  }
  std::vector<std::string> dropped;
  for (auto& [key, channel] : registry.channels()) {
    if (!channel->declared || std::find(wanted.begin(), wanted.end(), key) != wanted.end()) continue;
    channel->declared = false;
    channel->history = true;
    if (channel->empty()) dropped.push_back(key);
  }
  for (const auto& key : dropped) registry.drop_if_empty(key);
}

}  // namespace chatd::irc
