#include "cluster/cluster_metrics.hpp"

namespace chatd::cluster {

void ClusterMetrics::collect(metrics::Exposition& out) const {
  const ClusterStatus s = cluster_ ? cluster_->status() : ClusterStatus{};
  out.gauge("chatd_cluster_nats_connected", "1 while this node is connected to a NATS server (0 standalone).",
            s.connected ? 1 : 0);
  out.gauge("chatd_cluster_jetstream_up",
            "1 while JetStream answers: new nicks, channels and modes are allowed (0 standalone or partitioned).",
            s.jetstream ? 1 : 0);
  out.counter("chatd_cluster_events_sent_total", "This node's events stored in the network's stream.", s.published);
  out.gauge("chatd_cluster_events_queued", "This node's events waiting for the stream to take them.",
            static_cast<double>(s.queued));
  out.counter("chatd_cluster_events_dropped_total", "Events this node dropped because its queue was full.", s.dropped);
  out.counter("chatd_cluster_events_received_total", "Other nodes' events applied here.", s.received);
  out.counter("chatd_cluster_malformed_total", "Malformed or foreign messages on this network's subjects, dropped.",
              s.malformed);
  out.gauge("chatd_cluster_nodes", "Other nodes heard from within node_timeout.", static_cast<double>(s.peers.size()));
  out.counter("chatd_cluster_nodes_lost_total", "Nodes declared dead after node_timeout without a heartbeat.",
              s.nodes_lost);
  std::size_t remote = 0;
  for (const auto& p : s.peers) remote += p.users;
  out.gauge("chatd_cluster_remote_users", "Users connected to the other nodes.", static_cast<double>(remote));
}

}  // namespace chatd::cluster
