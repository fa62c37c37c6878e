// ChatdNetwork: the cluster tests' fixture. A three-node nats-server JetStream cluster and N
// chatd nodes ("a", "b", "c", ...) on it, each with its own IRC port, all on loopback; started
// and stopped by PID. node(i) is a Chatd fixture, so connect()/registered() work per node.
//
//   ChatdNetwork net(3);                         // nodes a, b, c; waits until each sees the others
//   auto alice = net.node(0).registered("alice");
//   net.kill_node(1);  net.restart_node(1);      // kill -9 and start again on the same port
//
// Everything starts in the calling thread's network namespace: construct it inside a
// NetnsScope (support/netns.hpp) and nats-server, chatd and their loopback live in the test's
// namespace (each child inherits the namespace of the thread that spawns it). Keep the scope
// alive until the network is destroyed: the fixture's probes connect to 127.0.0.1 too.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/nats_cluster.hpp"

namespace chatd::test {

struct NetworkOptions {
  unsigned node_timeout = 4;  // [cluster] node_timeout: short, so failure tests stay short
  std::string extra;          // more TOML for every node (after [cluster])
  // More TOML for node i only (after `extra`), e.g. a [[bridge]] on one node; missing: none.
  std::vector<std::string> extra_of;
  // Which NATS servers each node names (indexes into the NATS cluster); empty: all three.
  std::vector<std::vector<int>> nats_of;
  // Each node gets its own [storage] file (store_path(i)) and [accounts] on, registration open.
  bool stores = false;
};

class ChatdNetwork {
 public:
  explicit ChatdNetwork(int nodes, NetworkOptions options = {});
  // SIGTERM to every chatd at once, then each is reaped (SIGKILL after 5 s), then NATS stops.
  ~ChatdNetwork();
  ChatdNetwork(const ChatdNetwork&) = delete;
  ChatdNetwork& operator=(const ChatdNetwork&) = delete;

  Chatd& node(int i) { return *nodes_.at(static_cast<std::size_t>(i)); }
  NatsCluster& nats() { return nats_; }
  static std::string name(int i) { return std::string(1, static_cast<char>('a' + i)); }
  // Node i's admin socket, for chatctl (support/admin_socket.hpp).
  std::string admin_socket(int i) const { return sockets_.path() + "/admin-" + name(i) + ".sock"; }

  // Node i's [storage] database (with `stores`).
  std::string store_path(int i) const { return sockets_.path() + "/store-" + name(i) + ".db"; }
  // Deletes node i's database files (the node is down): it starts with an empty disk.
  void wipe_store(int i);

  // SIGKILL node i's chatd (its users are never told; the others must find out).
  void kill_node(int i);
  // Starts node i again on the same IRC port and waits until it has joined the network.
  void restart_node(int i);
  // Waits until node i's log shows it joined the network and saw every other running node.
  void wait_joined(int i, int timeout_ms = 20000);

 private:
  ChatdConfig config_for(int i) const;

  NetworkOptions options_;
  TempDir sockets_;
  NatsCluster nats_;
  std::vector<std::unique_ptr<Chatd>> nodes_;
  std::vector<bool> up_;
};

}  // namespace chatd::test
