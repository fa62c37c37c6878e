// ServerContext: what every IRC session shares: the chat Registry, the Fanout to the worker
// loops, the current Config and a few server-wide facts. Lives as long as the server.
//
// Thread rules: registry is guarded by registry.mutex(); config() and set_config() are safe
// from any thread (an atomic shared_ptr, swapped whole on reload); the rest is immutable or
// atomic.
#pragma once

#include <atomic>
#include <ctime>
#include <memory>
#include <string>

#include "chat/fanout.hpp"
#include "chat/registry.hpp"
#include "config/config.hpp"

namespace chatd::irc {

inline constexpr const char* kVersion = "chatd-0.1.0";

class ServerContext {
 public:
  ServerContext(std::shared_ptr<const config::Config> config, chat::Fanout& fanout)
      : fanout(fanout),
        server_name(config->server.name),
        started(std::time(nullptr)),
        config_(std::move(config)) {}

  std::shared_ptr<const config::Config> config() const { return config_.load(); }
  void set_config(std::shared_ptr<const config::Config> config) { config_.store(std::move(config)); }

  chat::Registry registry;
  chat::Fanout& fanout;
  const std::string server_name;  // fixed for the process: clients cache it
  const std::time_t started;
  std::atomic<std::size_t> unregistered{0};  // connections that have not finished registering

 private:
  std::atomic<std::shared_ptr<const config::Config>> config_;
};

}  // namespace chatd::irc
