#include "server/server.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "http/response.hpp"
#include "irc/declared_channels.hpp"
#include "irc/line_builder.hpp"
#include "metrics/client_ticket.hpp"
#include "metrics/labels.hpp"
#include "metrics/test_hooks.hpp"
#include "net/transport_stack.hpp"
#include "server/admin_bridges.hpp"
#include "server/config_reload.hpp"
#include "server/irc_connection.hpp"
#include "server/line_connection.hpp"
#include "server/listen_sockets.hpp"
#include "store/store_path.hpp"
#include "sys/socket.hpp"
#include "tls/tls_transport.hpp"
#include "websocket/websocket_transport.hpp"

namespace chatd::server {

namespace {
std::size_t worker_count(const config::Config& config) {
  if (config.server.workers > 0) return config.server.workers;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Tells a client we will not serve why, without blocking the main loop, then closes. The
// socket buffer of a fresh connection always has room for one line. A TLS client is closed
// without a word: telling it would take a handshake, the work the limits are there to spare.
void refuse(sys::UniqueFd fd, const config::ListenSpec& spec, const sys::SocketAddress& peer, const char* reason) {
  if (spec.tls) return;
  if (spec.protocol == "websocket") {
    http::Response response = http::text_response(503, reason);
    response.close = true;
    const std::string answer = http::serialize(response, false);
    (void)::send(fd.get(), answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    ::shutdown(fd.get(), SHUT_WR);
    return;
  }
  std::string line = spec.protocol == "line"
                         ? "* Closing link (" + std::string(reason) + ")\n"
                         : irc::make_line("", "ERROR", {}, "Closing link: *[" + peer.host() + "] (" + reason + ")");
  (void)::send(fd.get(), line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  ::shutdown(fd.get(), SHUT_WR);
  // Whatever the client already sent would turn the close into a RST that can eat the line.
  char sink[4096];
  (void)::recv(fd.get(), sink, sizeof sink, MSG_DONTWAIT);
}
// The layers of a connection on `spec`: TLS, WebSocket, both (wss: TLS below), or none.
std::unique_ptr<net::Transport> make_transport(const config::ListenSpec& spec,
                                               std::shared_ptr<const tls::TlsContext> tls, const std::string& peer_host,
                                               net::Admission& admission, irc::ServerContext& context) {
  std::unique_ptr<net::Transport> sealing;
  if (tls) sealing = std::make_unique<tls::TlsTransport>(std::move(tls));
  if (spec.protocol != "websocket") return sealing;
  // A WebSocket message is one IRC line: tags, then the 512-byte body.
  websocket::Settings settings{spec.allowed_origins,
                               spec.trusted_proxies,
                               spec.web_root,
                               {spec.channel, context.config()->server.network, context.accounts != nullptr},
                               8191 + irc::kMaxLineBytes,
                               nullptr};
  settings.admit_forwarded = [&admission, &context](const std::string& host) {
    return admission.admit_address(host, context.config()->limits.max_per_ip);
  };
  auto framing = std::make_unique<websocket::WebSocketTransport>(std::move(settings), peer_host);
  if (!sealing) return framing;
  return std::make_unique<net::TransportStack>(std::move(sealing), std::move(framing));
}

}  // namespace

Server::Server(std::shared_ptr<const config::Config> config)
    : started_(config), main_counters_(metrics::LoopRole::main, 0, &main_loop_) {
  SignalWatcher::block_signals();
  // First: a database that cannot be used stops chatd before it accepts anyone.
  const std::string store_path = store::resolve_store_path(config->storage.path, std::getenv("STATE_DIRECTORY"));
  if (config->history.enabled) {
    history_ = std::make_unique<store::HistoryStore>(
        store_path, store::HistoryLimits{config->history.channel_lines, config->history.max_age_days});
    spdlog::info("history: {}", store_path.empty() ? std::string("in memory only") : "stored in " + store_path);
  }
  if (config->accounts.enabled) {
    accounts_ = std::make_unique<account::AccountService>(store_path);
    spdlog::info("accounts: {} known, {}", accounts_->directory().size(),
                 store_path.empty() ? std::string("in memory only") : "stored in " + store_path);
  }
  std::size_t n = worker_count(*config);
  std::vector<event::EventLoop*> loops;
  for (std::size_t i = 0; i < n; ++i) {
    workers_.push_back(std::make_unique<net::Worker>(i, config->server.io_uring));
    loops.push_back(&workers_.back()->loop());
  }
  if (!config->bridges.empty()) {
    bridges_ = std::make_unique<bridge::BridgeThread>(loops.size());
    loops.push_back(&bridges_->loop());
  }
  fanout_ = std::make_unique<chat::Fanout>(std::move(loops));
  context_ = std::make_unique<irc::ServerContext>(config, *fanout_);
  context_->history = history_.get();
  context_->accounts = accounts_.get();
  irc::apply_declared_channels(*context_, *config, config->listen);
  if (config->cluster) {
    cluster_ = std::make_unique<cluster::Cluster>(*config->cluster, *context_);
    cluster_->start();
    context_->cluster = cluster_.get();
  }
  if (bridges_) bridges_->add_bridges(config->bridges, *context_);
  if (config->tls) tls_ = load_tls(*config);
  // The admin socket exists before any listener: whoever sees chatd accept clients can
  // already administer it.
  if (!config->admin.socket.empty()) {
    if (bridges_) admin_bridges_ = std::make_unique<AdminBridges>(*bridges_, *context_);
    admin::CommandContext commands{*context_, [this] { return reload(); }, admin_bridges_.get(), workers_.size()};
    // Under systemd RuntimeDirectory= makes the socket's directory; a hand-run chatd (make run
    // as root) makes it here. Without the socket chatd still serves chat, and says so loudly.
    std::error_code ignored;
    std::filesystem::create_directories(std::filesystem::path(config->admin.socket).parent_path(), ignored);
    try {
      admin_ = std::make_unique<admin::AdminServer>(main_loop_, config->admin, std::move(commands));
    } catch (const std::exception& e) {
      spdlog::error("admin socket disabled, chatctl will not reach this chatd: {}", e.what());
    }
  }
  open_metrics(*config);
  open_listeners(*config);
  signals_ = std::make_unique<SignalWatcher>(main_loop_, [this](int signo) { on_signal(signo); });
  notifier_ = std::make_unique<ServiceNotifier>(main_loop_, [this] { return service_status(); });
}

Server::~Server() {
  if (cluster_) cluster_->stop();
  if (bridges_) bridges_->stop();
  for (auto& worker : workers_) {
    worker->loop().stop();
    worker->join();
  }
  accounts_.reset();
  history_.reset();
}

void Server::open_listeners(const config::Config& config) {
  // Sockets passed by systemd (chatd.socket) are adopted; the rest are bound here.
  std::vector<sys::UniqueFd> fds = open_listen_sockets(config.listen);
  for (std::size_t i = 0; i < config.listen.size(); ++i) {
    const config::ListenSpec& spec = config.listen[i];
    acceptors_.push_back(
        std::make_unique<net::Acceptor>(main_loop_, std::move(fds[i]), spec.address,
                                        [this, spec](sys::UniqueFd client, const sys::SocketAddress& peer) {
                                          accept_on(spec, std::move(client), peer);
                                        }));
  }
}

void Server::open_metrics(const config::Config& config) {
  server_metrics_ = std::make_unique<ServerMetrics>(*context_, bridges_.get());
  metrics_registry_.add(process_metrics_);
  metrics_registry_.add(*server_metrics_);
  metrics_registry_.add(admin_metrics_);
  history_metrics_ = std::make_unique<store::HistoryMetrics>(history_.get());
  metrics_registry_.add(*history_metrics_);
  cluster_metrics_ = std::make_unique<cluster::ClusterMetrics>(cluster_.get());
  metrics_registry_.add(*cluster_metrics_);
  if (config.metrics.address.empty()) return;
  const bool stall_hook = metrics::test_hook_requested("stall-worker");  // throws under systemd
  try {
    metrics_ = std::make_unique<metrics::MetricsServer>(
        main_loop_, sys::SocketAddress::from_numeric(config.metrics.host, config.metrics.port), metrics_registry_,
        stall_hook);
  } catch (const std::exception& e) {
    // Like the admin socket: chat is served without it, and the log says so loudly.
    spdlog::error("metrics endpoint disabled: {}: {}", config.metrics.address, e.what());
  }
}

void Server::accept_on(const config::ListenSpec& spec, sys::UniqueFd fd, const sys::SocketAddress& peer) {
  auto config = context_->config();
  net::Admission::Ticket ticket;
  // Every user behind a trusted proxy shares its address: max_per_ip applies to the address
  // the proxy forwards, once the WebSocket handshake names it.
  const bool proxy = spec.protocol == "websocket" && websocket::trusted_proxy(peer.host(), spec.trusted_proxies);
  auto verdict =
      admission_.admit(peer.host(), config->limits.max_clients, proxy ? SIZE_MAX : config->limits.max_per_ip, ticket);
  if (verdict != net::Admission::Verdict::admitted) {
    // Logged at debug: a full server is the admin's business once, not once per client.
    spdlog::debug("refused {}: {}", peer.host(), net::refusal_reason(verdict));
    main_counters_.refusals[verdict == net::Admission::Verdict::server_full ? 0 : 1].add();
    refuse(std::move(fd), spec, peer, net::refusal_reason(verdict));
    return;
  }
  // Counted open until the connection drops its ticket (metrics/client_ticket.hpp).
  auto held = metrics::client_ticket(metrics::client_kind(spec.protocol, spec.tls), std::move(ticket));
  // Round-robin keeps the workers' client counts within one of each other.
  net::Worker& worker = *workers_[next_worker_++ % workers_.size()];
  irc::ServerContext& context = *context_;
  net::Admission& admission = admission_;
  // The TLS session is made on the worker, like everything else of the handshake; it takes
  // the certificate loaded now, whatever a reload does meanwhile.
  std::shared_ptr<const tls::TlsContext> tls = spec.tls ? tls_ : nullptr;
  // The fd travels inside the task (event::Task is move-only), so it is closed even if the
  // worker never runs the task.
  worker.loop().post([&worker, &context, &admission, fd = std::move(fd), peer, spec, held = std::move(held),
                      tls = std::move(tls)]() mutable {
    std::unique_ptr<net::Transport> transport = make_transport(spec, std::move(tls), peer.host(), admission, context);
    std::shared_ptr<net::Connection> connection;
    if (spec.protocol == "line") {
      connection = std::make_shared<LineConnection>(worker, std::move(fd), peer, context, spec, std::move(transport));
    } else {
      connection = std::make_shared<IrcConnection>(worker, std::move(fd), peer, context, std::move(transport));
    }
    connection->hold_until_close(std::move(held));
    worker.adopt(std::move(connection));
  });
}

void Server::on_signal(int signo) {
  if (signo == SIGHUP) {
    reload();
  } else {
    spdlog::info("received {}, shutting down", signo == SIGTERM ? "SIGTERM" : "SIGINT");
    shutdown();
  }
}

// The one reload path (SIGHUP and the admin socket): systemd is told around it, so
// `systemctl reload` and `systemctl status` see the reload as it happens.
config::ReloadReport Server::reload() {
  notifier_->reloading();
  auto report = reload_config(*context_, *started_, tls_);
  notifier_->ready();
  return report;
}

void Server::shutdown() {
  if (stopping_) return;
  stopping_ = true;
  notifier_->stopping();
  if (metrics_) metrics_->set_ready(false);
  acceptors_.clear();
  // Bridges first: nothing new is injected into the workers while they say goodbye.
  if (bridges_) bridges_->stop();
  for (auto& worker : workers_) {
    net::Worker* w = worker.get();
    w->loop().post([w] {
      w->shutdown_all();
      w->loop().stop();
    });
  }
  for (auto& worker : workers_) worker->join();
  if (cluster_) cluster_->stop();
  main_loop_.stop();
}

int Server::run() {
  metrics::bind_this_thread(&main_counters_);
  for (auto& worker : workers_) worker->start();
  if (bridges_) bridges_->start();
  spdlog::info("{} ready with {} worker thread(s), sending with {}", irc::kVersion, workers_.size(),
               workers_.front()->batched_sends() ? "io_uring" : "writev");
  if (tls_) spdlog::info("{}; {}", tls::tls_path_description(), tls_->summary());
  if (context_->config()->server.io_uring && !workers_.front()->batched_sends()) {
    spdlog::warn("io_uring is not available here (kernel or seccomp filter): one writev per client");
  }
  notifier_->ready();
  if (metrics_) metrics_->set_ready(true);
  main_loop_.run();
  admin_.reset();  // removes the socket file
  metrics_.reset();
  spdlog::info("stopped");
  metrics::bind_this_thread(nullptr);
  return 0;
}

std::string Server::service_status() {
  std::size_t clients = 0;
  std::size_t channels = 0;
  {
    sys::MutexLock lock(context_->registry.mutex());
    clients = context_->registry.registered;
    channels = context_->registry.channels().size();
  }
  clients += context_->unregistered.load();
  return std::to_string(clients) + (clients == 1 ? " client, " : " clients, ") + std::to_string(channels) +
         (channels == 1 ? " channel" : " channels");
}

}  // namespace chatd::server
