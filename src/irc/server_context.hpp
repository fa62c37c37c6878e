// ServerContext: what every IRC session shares: the chat Registry, the Fanout to the worker
// loops, the current Config and a few server-wide facts. Lives as long as the server.
//
// Thread rules: registry and whowas are guarded by registry.mutex(); config() and set_config() are safe
// from any thread (a shared_ptr swapped whole on reload, under its own mutex); the rest is
// immutable or atomic.
#pragma once

#include <atomic>
#include <ctime>
#include <memory>
#include <string>

#include "account/account_service.hpp"
#include "chat/fanout.hpp"
#include "chat/registry.hpp"
#include "config/config.hpp"
#include "irc/limits.hpp"
#include "irc/msgid.hpp"
#include "irc/whowas_history.hpp"
#include "store/history_store.hpp"
#include "sys/mutex.hpp"

namespace chatd::cluster {
class Cluster;
}

namespace chatd::irc {

inline constexpr const char* kVersion = "chatd-0.1.0";

class ServerContext {
 public:
  ServerContext(std::shared_ptr<const config::Config> config, chat::Fanout& fanout)
      : fanout(fanout), server_name(config->server.name), started(std::time(nullptr)), config_(std::move(config)) {}

  std::shared_ptr<const config::Config> config() const EXCLUDES(config_mutex_) {
    sys::MutexLock lock(config_mutex_);
    return config_;
  }
  void set_config(std::shared_ptr<const config::Config> config) EXCLUDES(config_mutex_) {
    sys::MutexLock lock(config_mutex_);
    config_.swap(config);  // the old one is freed after the lock, with the parameter
  }

  chat::Registry registry;
  WhowasHistory whowas{kWhowasEntries, kWhowasPerNick};  // guarded by registry.mutex()
  chat::Fanout& fanout;
  const std::string server_name;  // fixed for the process: clients cache it
  const std::time_t started;
  std::atomic<std::size_t> unregistered{0};     // connections that have not finished registering
  MessageIds message_ids;                       // msgid tags; next() is safe from any thread
  store::HistoryStore* history = nullptr;       // null with history disabled; safe from any thread
  account::AccountService* accounts = nullptr;  // null with [accounts] disabled; safe from any thread
  cluster::Cluster* cluster = nullptr;          // null without [cluster]; safe from any thread

 private:
  // Not std::atomic<shared_ptr>: libstdc++ 12's load() releases its lock with a relaxed store, so
  // a reload racing a reader is a data race by the memory model (ThreadSanitizer caught it in
  // CI: a SIGHUP while a worker accepted a client). A config is read a few times per client.
  mutable sys::Mutex config_mutex_;
  std::shared_ptr<const config::Config> config_ GUARDED_BY(config_mutex_);
};

}  // namespace chatd::irc
