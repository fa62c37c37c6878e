#include "server/server_metrics.hpp"

#include <string>

#include "irc/command_table.hpp"
#include "metrics/loop_counters.hpp"

namespace chatd::server {

namespace {

using Type = metrics::Exposition::Type;

void counter(metrics::Exposition& out, std::string_view name, std::string_view help, std::uint64_t value) {
  out.counter(name, help, value);
}

// One family with a sample per label value.
template <class Values, class Names>
void by_label(metrics::Exposition& out, std::string_view name, Type type, std::string_view help, std::string_view label,
              const Names& names, const Values& values) {
  out.family(name, type, help);
  for (std::size_t i = 0; i < names.size(); ++i) out.sample(name, {{label, names[i]}}, values[i]);
}

void collect_traffic(metrics::Exposition& out, const metrics::LoopTotals& t) {
  out.family("chatd_messages_received_total", Type::counter, "IRC messages received from clients, by command.");
  for (std::size_t slot = 0; slot < irc::command_slots(); ++slot) {
    out.sample("chatd_messages_received_total", {{"command", irc::command_slot_name(slot)}}, t.received[slot]);
  }
  by_label(out, "chatd_messages_relayed_total", Type::counter,
           "Lines handed to the fan-out (one per message and target), by command.", "command", metrics::kRelayCommands,
           t.relayed);
  counter(out, "chatd_fanout_deliveries_total", "Relayed lines handed to a client connection (one per recipient).",
          t.deliveries);
  counter(out, "chatd_fanout_bytes_total", "Bytes those deliveries queued.", t.delivery_bytes);
  out.histogram("chatd_fanout_latency_seconds",
                "From a line's arrival to the flush of its deliveries at the recipients' workers, per delivery.",
                t.latency);
  counter(out, "chatd_lines_received_total", "Complete lines read from clients.", t.lines_in);
  counter(out, "chatd_received_bytes_total", "Bytes read from client sockets.", t.bytes_in);
  counter(out, "chatd_lines_queued_total", "Lines queued for clients (replies and deliveries).", t.lines_out);
  counter(out, "chatd_sent_bytes_total", "Bytes written to client sockets.", t.bytes_out);
  counter(out, "chatd_sendq_disconnects_total", "Clients disconnected for a full send queue (SendQ exceeded).",
          t.sendq_kills);
  counter(out, "chatd_flood_throttles_total", "Times a client ran out of flood tokens and was no longer read.",
          t.flood_throttles);
  counter(out, "chatd_excess_flood_disconnects_total", "Clients disconnected for Excess Flood.", t.excess_floods);
  counter(out, "chatd_registrations_total", "Clients that completed registration.", t.registrations);
  counter(out, "chatd_registration_timeouts_total", "Connections closed before registering in time.",
          t.registration_timeouts);
  by_label(out, "chatd_connection_refusals_total", Type::counter,
           "Connections refused at accept by the connection limits, by reason.", "reason", metrics::kRefusalReasons,
           t.refusals);
  by_label(out, "chatd_reloads_total", Type::counter, "Configuration reloads (SIGHUP, chatctl reload), by result.",
           "result", metrics::kResults, t.reloads);
  by_label(out, "chatd_tls_handshakes_total", Type::counter,
           "TLS handshakes with clients, by result (failed: the client's hello or certificate was refused).", "result",
           metrics::kResults, t.tls_handshakes);
}

void collect_clients(metrics::Exposition& out, const metrics::LoopTotals& t) {
  out.family("chatd_clients", Type::gauge, "Open client connections, by listener protocol and TLS.");
  for (std::size_t p = 0; p < metrics::kProtocols.size(); ++p) {
    for (bool tls : {false, true}) {
      out.sample("chatd_clients", {{"protocol", metrics::kProtocols[p]}, {"tls", tls ? "true" : "false"}},
                 t.clients(metrics::client_kind(metrics::kProtocols[p], tls)));
    }
  }
}

void collect_workers(metrics::Exposition& out) {
  out.family("chatd_worker_busy_seconds_total", Type::counter,
             "Time each worker loop spent working rather than waiting for events.");
  metrics::for_each_loop([&](const metrics::LoopCounters& loop) {
    if (loop.role() != metrics::LoopRole::worker || !loop.loop()) return;
    const std::string index = std::to_string(loop.index());
    out.sample("chatd_worker_busy_seconds_total", {{"worker", index}},
               std::chrono::duration<double>(loop.loop()->busy_time()).count());
  });
}

}  // namespace

void ServerMetrics::collect(metrics::Exposition& out) const {
  std::string_view version = irc::kVersion;
  if (version.starts_with("chatd-")) version.remove_prefix(6);
  out.family("chatd_build_info", Type::gauge, "Always 1; the labels name the running chatd.");
  out.sample("chatd_build_info", {{"version", version}}, std::uint64_t{1});
  const metrics::LoopTotals totals = metrics::totals();
  collect_clients(out, totals);
  collect_state(out);
  collect_traffic(out, totals);
  collect_workers(out);
  collect_bridges(out);
}

void ServerMetrics::collect_state(metrics::Exposition& out) const {
  std::size_t registered = 0;
  std::size_t channels = 0;
  {
    sys::MutexLock lock(context_.registry.mutex());
    registered = context_.registry.registered;
    channels = context_.registry.channels().size();
  }
  const std::size_t unregistered = context_.unregistered.load(std::memory_order_relaxed);
  out.family("chatd_connections", Type::gauge, "Client connections, by registration state.");
  out.sample("chatd_connections", {{"state", "registered"}}, std::uint64_t{registered});
  out.sample("chatd_connections", {{"state", "unregistered"}}, std::uint64_t{unregistered});
  out.gauge("chatd_channels", "Channels that exist (declared ones included).", static_cast<double>(channels));
}

void ServerMetrics::collect_bridges(metrics::Exposition& out) const {
  if (!bridges_ || bridges_->bridges().empty()) return;
  struct Family {
    std::string_view name;
    std::string_view help;
    std::uint64_t bridge::BridgeStats::*field;
  };
  static constexpr Family kFamilies[] = {
      {"chatd_bridge_datagrams_received_total", "Datagrams heard from the group (own echoes not counted).",
       &bridge::BridgeStats::datagrams_in},
      {"chatd_bridge_received_bytes_total", "Bytes of those datagrams.", &bridge::BridgeStats::bytes_in},
      {"chatd_bridge_datagrams_sent_total", "Datagrams sent to the group or broadcast address.",
       &bridge::BridgeStats::datagrams_out},
      {"chatd_bridge_sent_bytes_total", "Bytes of those datagrams.", &bridge::BridgeStats::bytes_out},
      {"chatd_bridge_datagrams_dropped_total", "Datagrams dropped: empty ones in, ones that could not be sent.",
       &bridge::BridgeStats::dropped},
      {"chatd_bridge_lines_rate_limited_total", "Lines from a sender over its rate, not relayed.",
       &bridge::BridgeStats::rate_limited},
  };
  std::vector<bridge::BridgeStats> stats;
  for (const auto& b : bridges_->bridges()) stats.push_back(b->snapshot());
  for (const Family& family : kFamilies) {
    out.family(family.name, Type::counter, family.help);
    for (std::size_t i = 0; i < stats.size(); ++i) {
      const auto& spec = bridges_->bridges()[i]->spec();
      const std::string destination = spec.destination() + ":" + std::to_string(spec.port);
      out.sample(family.name, {{"bridge", spec.channel}, {"destination", destination}}, stats[i].*(family.field));
    }
  }
}

}  // namespace chatd::server
