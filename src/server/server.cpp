#include "server/server.hpp"

#include <spdlog/spdlog.h>

#include <sys/socket.h>

#include <csignal>
#include <thread>

#include "config/config_loader.hpp"
#include "irc/line_builder.hpp"
#include "log/logging.hpp"
#include "server/irc_connection.hpp"
#include "server/line_connection.hpp"
#include "sys/socket.hpp"

namespace chatd::server {

namespace {
std::size_t worker_count(const config::Config& config) {
  if (config.server.workers > 0) return config.server.workers;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Tells a client we will not serve why, without blocking the main loop, then closes. The
// socket buffer of a fresh connection always has room for one line.
void refuse(sys::UniqueFd fd, const config::ListenSpec& spec, const sys::SocketAddress& peer, const char* reason) {
  std::string line = spec.protocol == "line"
                         ? "* Closing link (" + std::string(reason) + ")\n"
                         : irc::make_line("", "ERROR", {}, "Closing link: *[" + peer.host() + "] (" + reason + ")");
  (void)::send(fd.get(), line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  ::shutdown(fd.get(), SHUT_WR);
  // Whatever the client already sent would turn the close into a RST that can eat the line.
  char sink[4096];
  (void)::recv(fd.get(), sink, sizeof sink, MSG_DONTWAIT);
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
}

Server::~Server() {
  for (auto& worker : workers_) {
    worker->loop().stop();
    worker->join();
  }
}

void Server::open_listeners(const config::Config& config) {
  for (const auto& spec : config.listen) {
    auto address = sys::SocketAddress::from_numeric(spec.host, spec.port);
    sys::UniqueFd fd = sys::listen_tcp(address);
    spdlog::info("listening on {} ({})", address.to_string(), spec.protocol);
    acceptors_.push_back(std::make_unique<net::Acceptor>(
        main_loop_, std::move(fd),
        [this, spec](sys::UniqueFd client, const sys::SocketAddress& peer) { accept_on(spec, std::move(client), peer); }));
  }
}

void Server::accept_on(const config::ListenSpec& spec, sys::UniqueFd fd, const sys::SocketAddress& peer) {
  auto config = context_->config();
  net::Admission::Ticket ticket;
  auto verdict = admission_.admit(peer.host(), config->limits.max_clients, config->limits.max_per_ip, ticket);
  if (verdict != net::Admission::Verdict::admitted) {
    // Logged at debug: a full server is the admin's business once, not once per client.
    spdlog::debug("refused {}: {}", peer.host(), net::refusal_reason(verdict));
    refuse(std::move(fd), spec, peer, net::refusal_reason(verdict));
    return;
  }
  // Round-robin keeps the workers' client counts within one of each other.
  net::Worker& worker = *workers_[next_worker_++ % workers_.size()];
  int raw = fd.release();
  irc::ServerContext& context = *context_;
  if (spec.protocol == "line") {
    worker.loop().post([&worker, &context, raw, peer, spec, ticket] {
      auto connection = std::make_shared<LineConnection>(worker, sys::UniqueFd(raw), peer, context, spec);
      connection->hold_until_close(ticket);
      worker.adopt(std::move(connection));
    });
  } else {
    worker.loop().post([&worker, &context, raw, peer, ticket] {
      auto connection = std::make_shared<IrcConnection>(worker, sys::UniqueFd(raw), peer, context);
      connection->hold_until_close(ticket);
      worker.adopt(std::move(connection));
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

void Server::reload() {
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
}

void Server::shutdown() {
  if (stopping_) return;
  stopping_ = true;
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
  main_loop_.run();
  spdlog::info("stopped");
  return 0;
}

}  // namespace chatd::server
