// Cluster: this node's link to the chat network's NATS (JetStream) cluster (doc/CLUSTER.md).
//
//   publish(event)   from any thread (usually under the registry lock, so the stream's order
//                    is this node's order): queued, then written to the network's event
//                    stream by the cluster thread, one at a time with a msgid (JetStream drops
//                    the duplicate a retry after a lost ack makes), retried until stored.
//   incoming events  an ordered JetStream consumer (resumes after its last sequence when the
//                    connection comes back) delivers every other node's events on a NATS
//                    thread to RemoteState, which takes the registry lock and fans out.
//   claim_nick()     compare-and-set on the nick's key in the network's KV bucket, on the
//                    cluster thread; the answer comes back through a callback (on that thread).
//   history          with [history] on: the network's history stream (history_stream.hpp).
//   accounts         with [accounts] on: the network's account bucket (account_bucket.hpp).
//   heartbeats       core NATS, every second; a node silent for node_timeout is dead: its
//                    users QUIT here ("*.net *.split") and its nicks may be claimed again.
//
// Thread rules: public methods are safe from any thread. libnats and its blocking calls stay
// in cluster.cpp and on the cluster thread and the library's own threads; never on a loop.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cluster/event.hpp"
#include "config/config.hpp"
#include "store/history_store.hpp"

namespace chatd::irc {
class ServerContext;
}

namespace chatd::cluster {

enum class Claim { kClaimed, kTaken, kUnavailable };

struct PeerStatus {
  std::string node;
  std::string boot;
  double seen_seconds_ago = 0;
  std::size_t users = 0;
};

struct ClusterStatus {
  std::string node;
  std::string boot;
  std::string nats_url;  // the server this node is connected to; empty: none
  bool connected = false;
  bool jetstream = false;  // the last JetStream request was answered (the quorum is there)
  std::size_t queued = 0;  // events waiting to be stored
  std::uint64_t published = 0, received = 0, malformed = 0, dropped = 0, nodes_lost = 0;
  std::vector<PeerStatus> peers;
};

class Cluster {
 public:
  Cluster(config::ClusterSection config, irc::ServerContext& server);
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // Connects (retrying in the background while no NATS server answers) and starts the
  // cluster thread. Throws std::runtime_error on a configuration libnats refuses.
  void start();
  // Stops the thread, closes the connection and waits for the library's threads.
  void stop() noexcept;

  const std::string& node() const noexcept;
  void publish(Event event);
  // `answer` runs on the cluster thread, once.
  void claim_nick(std::string nick, std::function<void(Claim)> answer);
  // The same for creating a channel: kClaimed makes the joiner its creator (op), kTaken means
  // another node created it first (an ordinary join).
  void claim_channel(std::string channel, std::function<void(Claim)> answer);
  void release_nick(std::string nick);
  // [history] limits changed at a reload: the network's history stream follows them.
  void set_history_limits(store::HistoryLimits limits);
  // False while JetStream does not answer: new nicks, channels and modes are refused.
  bool has_quorum() const noexcept;
  ClusterStatus status() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace chatd::cluster
