// status, stats and bridges: what the server is and how much it has carried.
#include <ctime>
#include <filesystem>
#include <mutex>
#include <system_error>

#include "admin/bridge_directory.hpp"
#include "admin/commands.hpp"
#include "cluster/cluster.hpp"
#include "metrics/loop_counters.hpp"

namespace chatd::admin {

namespace {

Json bridge_list(const CommandContext& context) { return context.bridges ? context.bridges->list() : Json::array(); }

std::int64_t uptime(const CommandContext& context) {
  return static_cast<std::int64_t>(std::time(nullptr) - context.server.started);
}

// chatd never changes its working directory, so a path given relative to it still resolves.
std::string absolute_path(const std::string& path) {
  std::error_code error;
  auto absolute = std::filesystem::absolute(path, error);
  return error ? path : absolute.lexically_normal().string();
}

// The node, its NATS server, JetStream and the other nodes (doc/CLUSTER.md); null standalone.
Json cluster_status(const irc::ServerContext& server) {
  if (!server.cluster) return nullptr;
  const cluster::ClusterStatus s = server.cluster->status();
  Json peers = Json::array();
  for (const auto& p : s.peers) {
    peers.push_back({{"node", p.node}, {"boot", p.boot}, {"seen_ago", p.seen_seconds_ago}, {"users", p.users}});
  }
  return {
      {"node", s.node},           {"boot", s.boot},       {"nats", s.nats_url},         {"connected", s.connected},
      {"jetstream", s.jetstream}, {"queued", s.queued},   {"published", s.published},   {"received", s.received},
      {"malformed", s.malformed}, {"dropped", s.dropped}, {"nodes_lost", s.nodes_lost}, {"peers", std::move(peers)}};
}

}  // namespace

Json run_status(CommandContext& context, const Request& request) {
  request.allow_only({});
  irc::ServerContext& server = context.server;
  Json cluster = cluster_status(server);  // before the registry lock: it takes it too
  Json data = {
      {"version", irc::kVersion},
      {"server", server.server_name},
      {"started", static_cast<std::int64_t>(server.started)},
      {"uptime", uptime(context)},
      {"workers", context.workers},
      {"config", absolute_path(server.config()->source)},
      {"client_limit", server.config()->limits.max_clients},
      {"bridges", bridge_list(context).size()},
  };
  sys::MutexLock lock(server.registry.mutex());
  data["clients"] = server.registry.registered;
  data["unregistered"] = server.unregistered.load(std::memory_order_relaxed);
  data["peak_clients"] = server.registry.max_registered;
  data["channels"] = server.registry.channels().size();
  if (!cluster.is_null()) data["cluster"] = std::move(cluster);
  return data;
}

Json run_stats(CommandContext& context, const Request& request) {
  request.allow_only({});
  // The same per-loop counters the metrics endpoint sums (metrics/loop_counters.hpp).
  const metrics::LoopTotals c = metrics::totals();
  std::uint64_t relayed = 0;
  for (std::uint64_t n : c.relayed) relayed += n;
  return {
      {"uptime", uptime(context)},  {"lines_in", c.lines_in},       {"bytes_in", c.bytes_in},
      {"lines_out", c.lines_out},   {"bytes_out", c.bytes_out},     {"messages_out", relayed},
      {"deliveries", c.deliveries}, {"sendq_kills", c.sendq_kills}, {"bridges", bridge_list(context)},
  };
}

Json run_bridges(CommandContext& context, const Request& request) {
  request.allow_only({});
  return {{"bridges", bridge_list(context)}};
}

}  // namespace chatd::admin
