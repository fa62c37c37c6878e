#include "server/server.hpp"

#include <spdlog/spdlog.h>

#include <csignal>
#include <thread>

#include "config/config_loader.hpp"
#include "log/logging.hpp"
#include "server/irc_connection.hpp"
#include "server/line_connection.hpp"
#include "server/listen_sockets.hpp"
#include "sys/socket.hpp"

namespace chatd::server {

namespace {
std::size_t worker_count(const config::Config& config) {
  if (config.server.workers > 0) return config.server.workers;
  return std::max(1u, std::thread::hardware_concurrency());
}
}  // namespace

Server::Server(std::shared_ptr<const config::Config> config) {
  SignalWatcher::block_signals();
  std::size_t n = worker_count(*config);
  std::vector<event::EventLoop*> loops;
  for (std::size_t i = 0; i < n; ++i) {
    workers_.push_back(std::make_unique<net::Worker>(i));
    loops.push_back(&workers_.back()->loop());
  }
  fanout_ = std::make_unique<chat::Fanout>(std::move(loops));
  context_ = std::make_unique<irc::ServerContext>(config, *fanout_);
  open_listeners(*config);
  signals_ = std::make_unique<SignalWatcher>(main_loop_, [this](int signo) { on_signal(signo); });
  main_loop_.every(std::chrono::seconds(1), [this] {
    for (auto& acceptor : acceptors_) acceptor->tick();
  });
  notifier_ = std::make_unique<ServiceNotifier>(main_loop_, [this] { return service_status(); });
}

Server::~Server() {
  for (auto& worker : workers_) {
    worker->loop().stop();
    worker->join();
  }
}

void Server::open_listeners(const config::Config& config) {
  // Sockets passed by systemd (chatd.socket) are adopted; the rest are bound here.
  std::vector<sys::UniqueFd> fds = open_listen_sockets(config.listen);
  for (std::size_t i = 0; i < config.listen.size(); ++i) {
    const config::ListenSpec& spec = config.listen[i];
    acceptors_.push_back(std::make_unique<net::Acceptor>(
        main_loop_, std::move(fds[i]),
        [this, spec](sys::UniqueFd client, const sys::SocketAddress& peer) { accept_on(spec, std::move(client), peer); }));
  }
}

void Server::accept_on(const config::ListenSpec& spec, sys::UniqueFd fd, const sys::SocketAddress& peer) {
  // Round-robin keeps the workers' client counts within one of each other.
  net::Worker& worker = *workers_[next_worker_++ % workers_.size()];
  int raw = fd.release();
  irc::ServerContext& context = *context_;
  if (spec.protocol == "line") {
    worker.loop().post([&worker, &context, raw, peer, spec] {
      worker.adopt(std::make_shared<LineConnection>(worker, sys::UniqueFd(raw), peer, context, spec));
    });
  } else {
    worker.loop().post([&worker, &context, raw, peer] {
      worker.adopt(std::make_shared<IrcConnection>(worker, sys::UniqueFd(raw), peer, context));
    });
  }
}

void Server::on_signal(int signo) {
  if (signo == SIGHUP) {
    reload();
  } else {
    spdlog::info("received {}, shutting down", signo == SIGTERM ? "SIGTERM" : "SIGINT");
    shutdown();
  }
}

// The one reload path (SIGHUP, and later the admin socket): systemd is told around it, so
// `systemctl reload` and `systemctl status` see the reload as it happens.
void Server::reload() {
  notifier_->reloading();
  auto current = context_->config();
  try {
    auto fresh = std::make_shared<const config::Config>(config::load_config(current->source));
    log::set_level(fresh->log.level);
    context_->set_config(std::move(fresh));
    spdlog::info("configuration reloaded from {}", current->source);
  } catch (const config::ConfigError& e) {
    for (const auto& error : e.errors()) spdlog::error("reload: {}", error);
    spdlog::error("reload failed; keeping the running configuration");
  }
  notifier_->ready();
}

void Server::shutdown() {
  if (stopping_) return;
  stopping_ = true;
  notifier_->stopping();
  acceptors_.clear();
  for (auto& worker : workers_) {
    net::Worker* w = worker.get();
    w->loop().post([w] {
      w->shutdown_all();
      w->loop().stop();
    });
  }
  for (auto& worker : workers_) worker->join();
  main_loop_.stop();
}

int Server::run() {
  for (auto& worker : workers_) worker->start();
  spdlog::info("{} ready with {} worker thread(s)", irc::kVersion, workers_.size());
  notifier_->ready();
  main_loop_.run();
  spdlog::info("stopped");
  return 0;
}

std::string Server::service_status() {
  std::size_t clients = 0;
  std::size_t channels = 0;
  {
    std::lock_guard lock(context_->registry.mutex());
    clients = context_->registry.registered;
    channels = context_->registry.channels().size();
  }
  clients += context_->unregistered.load();
  return std::to_string(clients) + (clients == 1 ? " client, " : " clients, ") + std::to_string(channels) +
         (channels == 1 ? " channel" : " channels");
}

}  // namespace chatd::server
