// ClusterMetrics: the chatd_cluster_* families of the metrics endpoint (doc/METRICS.md): the
// NATS connection and JetStream, events sent, queued, dropped, received and malformed, the
// other nodes alive and lost. Standalone the families are there at zero, so alerts need no
// absent().
//
// Thread rules: collect() on the main loop (the scrape); the cluster it reads outlives it.
#pragma once

#include "cluster/cluster.hpp"
#include "metrics/registry.hpp"

namespace chatd::cluster {

class ClusterMetrics final : public metrics::Collector {
 public:
  // `cluster` may be null (standalone).
  explicit ClusterMetrics(const Cluster* cluster) : cluster_(cluster) {}

  void collect(metrics::Exposition& out) const override;

 private:
  const Cluster* cluster_;
};

}  // namespace chatd::cluster
