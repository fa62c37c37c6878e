// Idle run: N connections that register and then say nothing (answering PING only). The
// server's resident memory before and after, divided by N, is what one idle client costs.
#include <cinttypes>
#include <cstdio>
#include <string>

#include "fleet.hpp"
#include "proc_stats.hpp"
#include "runs.hpp"
#include "scrape.hpp"

namespace chatd::bench {

namespace {
// After the last registration, let the servers finish whatever the welcome burst left
// (queued MOTD lines, deferred frees) before sampling, so the figure is the steady state.
constexpr double kSettleSeconds = 1.0;
}  // namespace

int run_idle(const Options& options) {
  Fleet fleet(Fleet::Settings{options.port, "", options.max_pending, options.tls, options.websocket});
  fleet.add(Role::idle, options.connections);
  auto before_kib = process_memory_kib(options.server_pid, "VmRSS");
  double self_before = self_cpu_seconds();
  std::uint64_t start = monotonic_ns();
  bool ok = fleet.establish(start + static_cast<std::uint64_t>(options.setup_seconds * 1e9));
  double setup = static_cast<double>(monotonic_ns() - start) / 1e9;
  if (ok) {
    std::uint64_t settle_until = monotonic_ns() + static_cast<std::uint64_t>(kSettleSeconds * 1e9);
    while (monotonic_ns() < settle_until && fleet.failures() == 0) fleet.poll(50);
    ok = fleet.failures() == 0;
  }
  auto after_kib = process_memory_kib(options.server_pid, "VmRSS");
  // With everyone still connected: what a Prometheus scrape costs at this size.
  ScrapeTimes scrapes;
  if (ok && options.scrape_port != 0) {
    scrapes = scrape_times(options.scrape_port, options.scrapes);
    ok = scrapes.failures == 0;
  }
  char scrape_fields[128] = "";
  if (options.scrape_port != 0) {
    std::snprintf(scrape_fields, sizeof scrape_fields, " scrape_p50_ms=%.2f scrape_max_ms=%.2f scrape_bytes=%zu",
                  scrapes.samples.quantile_ms(0.5), scrapes.samples.max_ms(), scrapes.bytes);
  }
  auto peak_kib = process_memory_kib(options.server_pid, "VmHWM");
  double per_connection_kib = 0;
  if (ok && before_kib && after_kib && options.connections > 0) {
    per_connection_kib =
        (static_cast<double>(*after_kib) - static_cast<double>(*before_kib)) / static_cast<double>(options.connections);
  }
  std::printf(
      "RESULT mode=idle server=%s scenario=\"%s\" rep=%d status=%s connections=%zu setup_s=%.2f "
      "registrations_per_s=%.0f"
      " rss_before_kib=%" PRIu64 " rss_after_kib=%" PRIu64 " rss_per_connection_kib=%.3f peak_rss_kib=%" PRIu64
      "%s loadgen_cpu_s=%.2f error=%s\n",
      options.server.c_str(), options.scenario.c_str(), options.rep, ok ? "ok" : "setup-failed", fleet.ready(), setup,
      setup > 0 ? static_cast<double>(fleet.ready()) / setup : 0, before_kib.value_or(0), after_kib.value_or(0),
      per_connection_kib, peak_kib.value_or(0), scrape_fields, self_cpu_seconds() - self_before,
      !fleet.error().empty()  ? ("\"" + fleet.error() + "\"").c_str()
      : scrapes.failures != 0 ? "\"a scrape failed\""
                              : "-");
  std::fflush(stdout);
  if (!fleet.error().empty()) std::fprintf(stderr, "loadgen: %s: %s\n", options.server.c_str(), fleet.error().c_str());
  return ok ? 0 : 1;
}

}  // namespace chatd::bench
