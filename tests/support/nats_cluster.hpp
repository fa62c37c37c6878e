// NatsCluster: real nats-server processes with JetStream for the cluster tests (tests/cluster/),
// three nodes routed to each other (or one alone), on loopback ports from free_port(), each
// with its config file, store directory and log in the cluster's own temporary directory.
//
//   NatsCluster nats;                  // three nodes; returns once JetStream has a meta leader
//   nats.toml_list()                   // ["nats://127.0.0.1:P0", "nats://127.0.0.1:P1", ...]
//   nats.kill(1);                      // SIGKILL node 1 and reap it
//   nats.wait_for_meta_leader();       // the other two elect (or keep) a leader
//   nats.restart(1);                   // same ports, config and store dir
//   nats.wait_for_routes(1, 2);
//
// The binary is $NATS_SERVER, else nats-server from PATH, else /usr/sbin/nats-server (where
// Debian puts it; tools/cluster-deps.sh installs it). Processes are only ever signalled by
// PID (ChildProcess). Nothing here is thread-safe: use it from the test's own thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support/chatd_process.hpp"

namespace chatd::test {

// The nats-server binary the harness starts (see above).
std::string nats_server_binary();

// GET http://127.0.0.1:<port><path> from a nats-server's HTTP monitoring, parsed as JSON;
// nullopt when nothing answers 200 with a JSON object there.
std::optional<nlohmann::json> nats_monitor(std::uint16_t port, const std::string& path);

class NatsCluster {
 public:
  // Starts `count` nodes (more than one: a cluster "chatd-test", each routed to all the others;
  // 1: a single server without a cluster block) and waits up to timeout_ms until JetStream is usable: with
  // three nodes every node names the same meta leader, with one its /jsz answers. Throws
  // std::runtime_error (with the nodes' logs) when a node cannot start or JetStream never comes
  // up; every process started is stopped again by then.
  explicit NatsCluster(int count = 3, int timeout_ms = 20000);
  // Stops every node still running: SIGTERM to all, then up to 5 s each before SIGKILL.
  ~NatsCluster();
  NatsCluster(const NatsCluster&) = delete;
  NatsCluster& operator=(const NatsCluster&) = delete;

  int size() const { return static_cast<int>(nodes_.size()); }

  // Client URLs, node order: "nats://127.0.0.1:<port>".
  std::vector<std::string> urls() const;
  std::string url(int i) const;
  // The URLs as a TOML array for chatd's [cluster] table: ["nats://127.0.0.1:P0", ...].
  std::string toml_list() const;

  // Node i's server_name ("nats0", "nats1", "nats2") and ports (client, HTTP monitoring, routes).
  std::string name(int i) const;
  std::uint16_t client_port(int i) const;
  std::uint16_t monitor_port(int i) const;
  std::uint16_t cluster_port(int i) const;
  // Its directory (config file nats.conf, store/, the logs) and what its current run logged.
  std::string dir(int i) const;
  std::string log(int i) const;

  // SIGKILL node i by PID and reap it. Returns its exit status (128+signal when a signal ended
  // it; what it was when it had already exited), -1 when it was never started.
  int kill(int i);
  // SIGTERM, graceful: up to 10 s for it to exit, then SIGKILL. Returns as kill() does.
  int stop(int i);
  // Starts node i again on the same ports, config and store dir (stopping it gracefully first if
  // it still runs) and waits up to timeout_ms until its monitoring port answers; throws like the
  // constructor. A partition (below) is not undone: the node starts on its normal config.
  void restart(int i, int timeout_ms = 20000);
  bool running(int i);
  // The PID of node i's current (or last) run, -1 before the first.
  pid_t pid(int i) const;

  // Cuts node i off from the others while it keeps running and serving its clients: its config
  // is rewritten with no routes and a route password the others do not know, and it is sent
  // SIGHUP. nats-server drops the routes it no longer has, and the others' reconnects are
  // refused ("authentication error" in its log). heal(i) puts the normal config back (SIGHUP
  // again), and it connects to the others. Both return once node i has logged the reload
  // (throw if it logs a failed one, is not running, or is the only node), without waiting for
  // the routes: follow with wait_for_routes.
  void partition(int i);
  void heal(int i);

  // GET http://127.0.0.1:<monitor_port(i)><path> parsed as JSON; nullopt when node i does not
  // answer 200 with JSON (not running, not listening yet).
  std::optional<nlohmann::json> monitor(int i, const std::string& path);
  // /routez's num_routes, or -1 when node i does not answer.
  int route_count(int i);
  // The JetStream meta leader node i names in /jsz (meta_cluster.leader); nullopt when it does
  // not answer or names none.
  std::optional<std::string> meta_leader(int i);
  // The index of the node every running node names as meta leader, when they all agree and
  // that node is running; nullopt otherwise.
  std::optional<int> leader_index();

  // Polls until route_count(i) == routes; false after timeout_ms.
  bool wait_for_routes(int i, int routes, int timeout_ms = 20000);
  // Polls until leader_index() has a value and returns it; nullopt after timeout_ms.
  std::optional<int> wait_for_meta_leader(int timeout_ms = 20000);

 private:
  struct Node {
    std::string name;
    std::string dir;
    std::uint16_t client_port = 0;
    std::uint16_t monitor_port = 0;
    std::uint16_t cluster_port = 0;
    std::unique_ptr<ChildProcess> process;  // null before the first start
    int runs = 0;                           // starts so far: run k logs to nats-<k>.log
  };

  Node& node(int i);
  const Node& node(int i) const;
  std::string config_text(int i, bool cut_off) const;
  void write_config(int i, bool cut_off) const;
  void reload(int i, bool cut_off);
  void start(int i, int timeout_ms);
  std::string logs_of_all() const;

  TempDir dir_;
  std::string binary_;
  std::vector<Node> nodes_;
};

}  // namespace chatd::test
