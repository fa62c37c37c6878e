// Server: wires the daemon together. The main thread runs the main loop (listeners,
// signals, reload); N worker threads run the client connections; with [[bridge]] tables a
// bridge thread runs the multicast/broadcast bridges. Construction binds every
// listener (throwing on failure, before any thread starts); run() returns the exit code
// after SIGTERM/SIGINT and a graceful shutdown.
//
// Thread rules: construct and run() on the main thread only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "account/account_service.hpp"
#include "admin/admin_server.hpp"
#include "admin/request_metrics.hpp"
#include "bridge/bridge_thread.hpp"
#include "chat/fanout.hpp"
#include "cluster/cluster.hpp"
#include "cluster/cluster_metrics.hpp"
#include "config/config.hpp"
#include "event/event_loop.hpp"
#include "irc/server_context.hpp"
#include "metrics/loop_counters.hpp"
#include "metrics/metrics_server.hpp"
#include "metrics/process_metrics.hpp"
#include "metrics/registry.hpp"
#include "net/acceptor.hpp"
#include "net/admission.hpp"
#include "net/worker.hpp"
#include "server/config_reload.hpp"
#include "server/server_metrics.hpp"
#include "server/service_notifier.hpp"
#include "server/signal_watcher.hpp"
#include "store/history_metrics.hpp"
#include "store/history_store.hpp"
#include "tls/tls_context.hpp"

namespace chatd::server {

class Server {
 public:
  explicit Server(std::shared_ptr<const config::Config> config);
  ~Server();

  int run();

 private:
  void open_listeners(const config::Config& config);
  // The metrics endpoint, when [metrics] names an address; its collectors in any case.
  void open_metrics(const config::Config& config);
  void accept_on(const config::ListenSpec& spec, sys::UniqueFd fd, const sys::SocketAddress& peer);
  void on_signal(int signo);
  void shutdown();
  config::ReloadReport reload();
  std::string service_status();

  // What start-up applied: the keys a reload cannot change keep these values until a restart.
  const std::shared_ptr<const config::Config> started_;
  event::EventLoop main_loop_;
  metrics::LoopCounters main_counters_;  // the main loop's: accepts, refusals, reloads, admin fan-outs
  net::Admission admission_;             // before the workers: their connections hold its tickets
  // Null with history disabled. Stopped (its queue written) after the workers have joined and
  // before their loops go, since its answers are posted to them.
  std::unique_ptr<store::HistoryStore> history_;
  // Null with [accounts] disabled; stopped with the history store, for the same reason.
  std::unique_ptr<account::AccountService> accounts_;
  std::vector<std::unique_ptr<net::Worker>> workers_;
  std::unique_ptr<bridge::BridgeThread> bridges_;  // null without [[bridge]]
  std::unique_ptr<admin::BridgeDirectory> admin_bridges_;
  std::unique_ptr<chat::Fanout> fanout_;
  std::unique_ptr<irc::ServerContext> context_;
  // Null without [cluster]. Stopped after the workers have said goodbye (their QUITs reach the
  // other nodes) and before the context its callbacks use goes.
  std::unique_ptr<cluster::Cluster> cluster_;
  std::vector<std::unique_ptr<net::Acceptor>> acceptors_;
  std::unique_ptr<SignalWatcher> signals_;
  std::unique_ptr<admin::AdminServer> admin_;
  metrics::Registry metrics_registry_;
  metrics::ProcessCollector process_metrics_;
  admin::RequestMetrics admin_metrics_;
  std::unique_ptr<ServerMetrics> server_metrics_;
  std::unique_ptr<store::HistoryMetrics> history_metrics_;
  std::unique_ptr<cluster::ClusterMetrics> cluster_metrics_;
  std::unique_ptr<metrics::MetricsServer> metrics_;  // null without [metrics]
  std::unique_ptr<ServiceNotifier> notifier_;
  // The certificate for new TLS handshakes (null without [tls]); replaced whole by a reload,
  // while live sessions keep the one they started with.
  std::shared_ptr<const tls::TlsContext> tls_;
  std::size_t next_worker_ = 0;
  bool stopping_ = false;
};

}  // namespace chatd::server
