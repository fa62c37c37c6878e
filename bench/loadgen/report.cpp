// `loadgen report FILE`: the RESULT lines of a bench run as one markdown table. Each cell is
// the median over the repetitions that completed; the last column is chatd divided by the
// best peer (the higher figure where more is better, the lower where less is better). A
// second table sets chatd's B over another transport (T: TLS, S: WebSocket) against its B.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runs.hpp"

namespace chatd::bench {

namespace {

using Fields = std::map<std::string, std::string>;

struct Metric {
  const char* label;
  const char* key;
  bool higher_is_better;
  double scale;  // shown value = field * scale
  const char* format;
  bool cluster_only = false;  // shown for scenarios with a cluster run (scenario N)
};

const Metric kFanout[] = {
    {"deliveries/s", "deliveries_per_s", true, 1, "%.0f"},
    {"deliveries per server CPU-s", "deliveries_per_cpu_s", true, 1, "%.0f"},
    {"latency p50 ms", "p50_ms", false, 1, "%.2f"},
    {"latency p99 ms", "p99_ms", false, 1, "%.2f"},
    {"latency p99.9 ms", "p999_ms", false, 1, "%.2f"},
    {"latency max ms", "max_ms", false, 1, "%.2f"},
    {"lost + duplicated", "lost_dup", false, 1, "%.0f"},
    {"server peak RSS MiB", "peak_rss_kib", false, 1.0 / 1024, "%.1f"},
    {"loadgen CPU busy", "loadgen_busy", false, 1, "%.2f"},
    // Scenario N: what the server CPU-s above (every chatd node and nats-server) is made of.
    {"chatd CPU-s (all nodes)", "chatd_cpu_s", false, 1, "%.2f", true},
    {"nats-server CPU-s (all three)", "nats_cpu_s", false, 1, "%.2f", true},
    {"NATS share of server CPU %", "nats_share", false, 100, "%.0f", true},
};
const Metric kIdle[] = {
    {"server RSS per idle connection KiB", "rss_per_connection_kib", false, 1, "%.2f"},
    {"registrations/s", "registrations_per_s", true, 1, "%.0f"},
    {"server peak RSS MiB", "peak_rss_kib", false, 1.0 / 1024, "%.1f"},
    {"GET /metrics p50 ms", "scrape_p50_ms", false, 1, "%.2f"},
    {"GET /metrics max ms", "scrape_max_ms", false, 1, "%.2f"},
};

const Metric kHandshake[] = {
    {"full TLS handshakes/s", "handshakes_per_s", true, 1, "%.0f"},
    {"handshakes per server CPU-s (per core)", "handshakes_per_cpu_s", true, 1, "%.0f"},
};

Fields parse_result(const std::string& line) {
  Fields fields;
  std::size_t i = 7;  // after "RESULT "
  while (i < line.size()) {
    auto eq = line.find('=', i);
    if (eq == std::string::npos) break;
    std::string key = line.substr(i, eq - i);
    std::size_t end;
    if (eq + 1 < line.size() && line[eq + 1] == '"') {
      end = line.find('"', eq + 2);
      fields[key] = line.substr(eq + 2, end == std::string::npos ? std::string::npos : end - eq - 2);
      end = end == std::string::npos ? line.size() : end + 1;
    } else {
      end = std::min(line.find(' ', eq), line.size());
      fields[key] = line.substr(eq + 1, end - eq - 1);
    }
    i = end + 1;
  }
  // A single server's CPU is all chatd's; a cluster run reports the split itself.
  if (fields.count("server_cpu_s") && !fields.count("chatd_cpu_s")) {
    fields["chatd_cpu_s"] = fields["server_cpu_s"];
    fields["nats_cpu_s"] = "0";
  }
  if (fields.count("chatd_cpu_s")) {
    const double chatd = std::atof(fields["chatd_cpu_s"].c_str()), nats = std::atof(fields["nats_cpu_s"].c_str());
    fields["nats_share"] = std::to_string(chatd + nats > 0 ? nats / (chatd + nats) : 0);
  }
  if (fields.count("lost")) {
    fields["lost_dup"] = std::to_string(std::atoll(fields["lost"].c_str()) + std::atoll(fields["duplicates"].c_str()));
  }
  return fields;
}

std::optional<double> median(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// The median of `key` over the runs that measured something (lossy and drain-timeout runs count).
std::optional<double> median_of(const std::vector<Fields>& runs, const std::string& key) {
  std::vector<double> values;
  for (const auto& fields : runs) {
    const auto status = fields.find("status");
    const auto value = fields.find(key);
    if (status == fields.end() || value == fields.end()) continue;
    if (status->second == "ok" || status->second == "lossy" || status->second == "drain-timeout") {
      values.push_back(std::atof(value->second.c_str()));
    }
  }
  return median(values);
}

std::string cell(const Metric& metric, std::optional<double> value) {
  if (!value) return "—";
  char text[64];
  std::snprintf(text, sizeof text, metric.format, *value * metric.scale);
  return text;
}

// chatd's deliveries per server CPU-second over TLS (T) and WebSocket (S) as a share of the same
// clients on plain TCP (B), when the run has both.
void print_transports(const std::vector<std::string>& scenarios,
                      std::map<std::pair<std::string, std::string>, std::vector<Fields>>& runs) {
  auto find = [&](char letter) {
    auto it = std::find_if(scenarios.begin(), scenarios.end(),
                           [&](const std::string& s) { return s.size() > 1 && s[0] == letter && s[1] == ':'; });
    return it == scenarios.end() ? std::string() : *it;
  };
  const std::string plain = find('B');
  if (plain.empty()) return;
  const auto base = median_of(runs[{plain, "chatd"}], "deliveries_per_cpu_s");
  bool header = false;
  for (char letter : {'T', 'S'}) {
    const std::string scenario = find(letter);
    if (scenario.empty() || !base || *base == 0) continue;
    const auto over = median_of(runs[{scenario, "chatd"}], "deliveries_per_cpu_s");
    if (!over) continue;
    if (!header) {
      std::printf(
          "\n| chatd, deliveries per server CPU-s | over the transport | plain TCP (%s) | share |\n"
          "|---|---:|---:|---:|\n",
          plain.c_str());
      header = true;
    }
    std::printf("| %s | %.0f | %.0f | %.0f%% |\n", scenario.c_str(), *over, *base, 100 * *over / *base);
  }
}

}  // namespace

int run_report(const Options& options) {
  std::ifstream in(options.input);
  if (!in) {
    std::fprintf(stderr, "loadgen: cannot read %s\n", options.input.c_str());
    return 1;
  }
  std::vector<std::string> scenarios, servers;
  std::map<std::pair<std::string, std::string>, std::vector<Fields>> runs;  // (scenario, server)
  std::map<std::string, std::string> modes;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("RESULT ", 0) != 0) continue;
    Fields fields = parse_result(line);
    const std::string& scenario = fields["scenario"];
    const std::string& server = fields["server"];
    if (std::find(scenarios.begin(), scenarios.end(), scenario) == scenarios.end()) scenarios.push_back(scenario);
    if (std::find(servers.begin(), servers.end(), server) == servers.end()) servers.push_back(server);
    if (fields["mode"] != "" && modes[scenario].empty()) modes[scenario] = fields["mode"];
    runs[{scenario, server}].push_back(fields);
  }
  // chatd first, peers after in the order they ran.
  std::stable_partition(servers.begin(), servers.end(), [](const std::string& s) { return s.rfind("chatd", 0) == 0; });

  std::printf("| scenario | metric |");
  for (const auto& server : servers) std::printf(" %s |", server.c_str());
  std::printf(" chatd / best peer |\n|---|---|");
  for (std::size_t i = 0; i < servers.size(); ++i) std::printf("---:|");
  std::printf("---:|\n");

  std::vector<std::string> failures;
  for (const auto& scenario : scenarios) {
    const std::string& mode = modes[scenario];
    const Metric* begin = mode == "idle"        ? std::begin(kIdle)
                          : mode == "handshake" ? std::begin(kHandshake)
                                                : std::begin(kFanout);
    const Metric* end = mode == "idle"        ? std::end(kIdle)
                        : mode == "handshake" ? std::end(kHandshake)
                                              : std::end(kFanout);
    bool cluster = false;
    for (const auto& server : servers) {
      for (const auto& fields : runs[{scenario, server}]) cluster = cluster || fields.count("chatd_node_cpu_s");
    }
    for (const Metric* metric = begin; metric != end; ++metric) {
      if (metric->cluster_only && !cluster) continue;
      std::printf("| %s | %s |", scenario.c_str(), metric->label);
      std::optional<double> mine, best;
      for (const auto& server : servers) {
        // A lossy or drain-timeout run still measured what arrived: keep it, and list it below.
        auto value = median_of(runs[{scenario, server}], metric->key);
        std::printf(" %s |", cell(*metric, value).c_str());
        if (!value) continue;
        if (server == "chatd") {
          mine = value;
        } else if (server.rfind("chatd", 0) != 0) {
          if (!best || (metric->higher_is_better ? *value > *best : *value < *best)) best = value;
        }
      }
      if (mine && best && *best != 0 && std::string(metric->key) != "lost_dup" &&
          std::string(metric->key) != "loadgen_busy") {
        std::printf(" %.2f× |\n", *mine / *best);
      } else {
        std::printf(" |\n");
      }
    }
    for (const auto& server : servers) {
      for (auto& fields : runs[{scenario, server}]) {
        if (fields["status"] != "ok") {
          failures.push_back(scenario + " " + server + " rep " + fields["rep"] + ": " + fields["status"] +
                             (fields["error"] != "-" ? " — " + fields["error"] : ""));
        }
      }
    }
  }
  print_transports(scenarios, runs);
  if (!failures.empty()) {
    std::printf(
        "\nRuns that did not complete cleanly (lossy and drain-timeout runs are in the medians; the rest are "
        "not):\n\n");
    for (const auto& failure : failures) std::printf("- %s\n", failure.c_str());
  }
  return 0;
}

}  // namespace chatd::bench
