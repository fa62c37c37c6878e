// ServerMetrics: the chatd_* families the metrics endpoint shows for the server itself: build
// info, clients and channels, traffic and fan-out counters summed over every loop
// (metrics::totals()), the fan-out latency histogram, each worker's busy time, and each
// bridge's datagram counters. Everything is read when scraped: the loops' counters without a
// lock, the registry's gauges under its mutex for a moment.
//
// Thread rules: collect() on the main loop (the scrape); construct and destroy there too.
#pragma once

#include "bridge/bridge_thread.hpp"
#include "irc/server_context.hpp"
#include "metrics/registry.hpp"

namespace chatd::server {

class ServerMetrics final : public metrics::Collector {
 public:
  // `bridges` may be null (no [[bridge]] tables).
  ServerMetrics(irc::ServerContext& context, const bridge::BridgeThread* bridges)
      : context_(context), bridges_(bridges) {}

  void collect(metrics::Exposition& out) const override;

 private:
  void collect_state(metrics::Exposition& out) const;
  void collect_bridges(metrics::Exposition& out) const;

  irc::ServerContext& context_;
  const bridge::BridgeThread* bridges_;
};

}  // namespace chatd::server
