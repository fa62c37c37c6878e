#include "support/nats_cluster.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "support/http_client.hpp"
#include "support/wait.hpp"

namespace chatd::test {
namespace {

// The route password of the normal config, and the one a partitioned node switches to.
constexpr const char* kRouteUser = "route";
constexpr const char* kRoutePassword = "chatd-test-route";
constexpr const char* kCutOffPassword = "partitioned";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string tail(const std::string& text) {
  constexpr std::size_t kMax = 3000;
  if (text.empty()) return "(nothing)";
  return text.size() <= kMax ? text : "...\n" + text.substr(text.size() - kMax);
}

std::size_t count_in(std::string_view text, std::string_view needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size())) ++count;
  return count;
}

}  // namespace

std::string nats_server_binary() {
  if (const char* env = std::getenv("NATS_SERVER"); env != nullptr && *env != '\0') return env;
  if (const char* path = std::getenv("PATH"); path != nullptr) {
    std::istringstream dirs(path);
    for (std::string d; std::getline(dirs, d, ':');) {
      const std::string candidate = (d.empty() ? "." : d) + "/nats-server";
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return "/usr/sbin/nats-server";  // Debian's place, outside PATH for most non-root users
}

NatsCluster::NatsCluster(int count, int timeout_ms) : binary_(nats_server_binary()) {
  if (count < 1) throw std::invalid_argument("NatsCluster: count must be at least 1");
  if (::access(binary_.c_str(), X_OK) != 0) {
    throw std::runtime_error("NatsCluster: no nats-server at " + binary_ +
                             " (tools/cluster-deps.sh installs it; NATS_SERVER names another)");
  }
  // free_port() closes its socket again, so two calls can return the same port: keep them apart.
  std::set<std::uint16_t> taken;
  const auto port = [&taken] {
    while (true) {
      const std::uint16_t p = free_port();
      if (taken.insert(p).second) return p;
    }
  };
  for (int i = 0; i < count; ++i) {
    Node n;
    n.name = "nats" + std::to_string(i);
    n.dir = dir_.path() + "/" + n.name;
    n.client_port = port();
    n.monitor_port = port();
    n.cluster_port = port();
    std::filesystem::create_directories(n.dir + "/store");
    nodes_.push_back(std::move(n));
  }
  for (int i = 0; i < count; ++i) write_config(i, false);
  // A node that throws here leaves the ones already started to nodes_' destructors.
  for (int i = 0; i < count; ++i) start(i, timeout_ms);
  if (!wait_for_meta_leader(timeout_ms)) {
    std::ostringstream seen;
    for (int i = 0; i < count; ++i) seen << " " << name(i) << ": " << meta_leader(i).value_or("(none)") << ";";
    throw std::runtime_error("NatsCluster: no JetStream meta leader all nodes agree on within " +
                             std::to_string(timeout_ms) + " ms (leaders named:" + seen.str() + ")\n" + logs_of_all());
  }
}

NatsCluster::~NatsCluster() {
  // Signal all first, so the nodes shut down side by side rather than one after the other.
  for (auto& n : nodes_) {
    if (n.process) n.process->send_signal(SIGTERM);
  }
  for (auto& n : nodes_) {
    if (n.process) n.process->stop(SIGTERM, 5000);
  }
}

NatsCluster::Node& NatsCluster::node(int i) {
  if (i < 0 || i >= size()) throw std::out_of_range("NatsCluster: no node " + std::to_string(i));
  return nodes_[static_cast<std::size_t>(i)];
}

const NatsCluster::Node& NatsCluster::node(int i) const {
  if (i < 0 || i >= size()) throw std::out_of_range("NatsCluster: no node " + std::to_string(i));
  return nodes_[static_cast<std::size_t>(i)];
}

std::vector<std::string> NatsCluster::urls() const {
  std::vector<std::string> out;
  for (int i = 0; i < size(); ++i) out.push_back(url(i));
  return out;
}

std::string NatsCluster::url(int i) const { return "nats://127.0.0.1:" + std::to_string(node(i).client_port); }

std::string NatsCluster::toml_list() const {
  std::string out = "[";
  for (int i = 0; i < size(); ++i) out += (i == 0 ? "\"" : ", \"") + url(i) + "\"";
  return out + "]";
}

std::string NatsCluster::name(int i) const { return node(i).name; }
std::uint16_t NatsCluster::client_port(int i) const { return node(i).client_port; }
std::uint16_t NatsCluster::monitor_port(int i) const { return node(i).monitor_port; }
std::uint16_t NatsCluster::cluster_port(int i) const { return node(i).cluster_port; }
std::string NatsCluster::dir(int i) const { return node(i).dir; }

std::string NatsCluster::log(int i) const {
  const Node& n = node(i);
  return n.runs == 0 ? std::string() : read_file(n.dir + "/nats-" + std::to_string(n.runs) + ".log");
}

std::string NatsCluster::config_text(int i, bool cut_off) const {
  const Node& n = node(i);
  std::ostringstream c;
  c << "# Written by the cluster test harness (tests/support/nats_cluster.cpp).\n"
    << "server_name: " << n.name << "\n"
    << "listen: 127.0.0.1:" << n.client_port << "\n"
    << "http: 127.0.0.1:" << n.monitor_port << "\n"
    << "jetstream {\n"
    << "  store_dir: \"" << n.dir << "/store\"\n"
    << "  max_memory_store: 64MB\n"
    << "  max_file_store: 2GB\n"
    << "}\n";
  if (size() == 1) return c.str();
  c << "cluster {\n"
    << "  name: chatd-test\n"
    << "  listen: 127.0.0.1:" << n.cluster_port << "\n"
    << "  authorization {\n"
    << "    user: " << kRouteUser << "\n"
    << "    password: " << (cut_off ? kCutOffPassword : kRoutePassword) << "\n"
    << "  }\n"
    << "  routes: [\n";
  if (!cut_off) {
    for (int j = 0; j < size(); ++j) {
      if (j == i) continue;
      c << "    nats-route://" << kRouteUser << ":" << kRoutePassword << "@127.0.0.1:" << node(j).cluster_port << "\n";
    }
  }
  c << "  ]\n"
    << "}\n";
  return c.str();
}

void NatsCluster::write_config(int i, bool cut_off) const {
  // Write-then-rename: a reload never reads half a file.
  const std::string path = node(i).dir + "/nats.conf";
  {
    std::ofstream out(path + ".tmp", std::ios::binary | std::ios::trunc);
    out << config_text(i, cut_off);
    if (!out) throw std::runtime_error("NatsCluster: cannot write " + path + ".tmp");
  }
  std::filesystem::rename(path + ".tmp", path);
}

void NatsCluster::start(int i, int timeout_ms) {
  Node& n = node(i);
  ++n.runs;
  n.process = std::make_unique<ChildProcess>(binary_, std::vector<std::string>{"-c", n.dir + "/nats.conf"},
                                             n.dir + "/nats-" + std::to_string(n.runs) + ".log");
  const Deadline deadline(timeout_ms);
  while (!monitor(i, "/varz")) {
    if (!n.process->running()) {
      const int status = n.process->stop();
      throw std::runtime_error("NatsCluster: " + n.name + " exited with status " + std::to_string(status) +
                               " before its monitoring port answered; its log:\n" + tail(log(i)));
    }
    if (deadline.passed()) {
      n.process->stop(SIGKILL, 1000);
      throw std::runtime_error("NatsCluster: " + n.name + "'s monitoring port " + std::to_string(n.monitor_port) +
                               " did not answer within " + std::to_string(timeout_ms) + " ms; its log:\n" +
                               tail(log(i)));
    }
    sleep_ms(50);
  }
}

int NatsCluster::kill(int i) {
  Node& n = node(i);
  return n.process ? n.process->stop(SIGKILL, 1000) : -1;
}

int NatsCluster::stop(int i) {
  Node& n = node(i);
  return n.process ? n.process->stop(SIGTERM, 10000) : -1;
}

void NatsCluster::restart(int i, int timeout_ms) {
  stop(i);
  write_config(i, false);
  start(i, timeout_ms);
}

bool NatsCluster::running(int i) {
  Node& n = node(i);
  return n.process && n.process->running();
}

pid_t NatsCluster::pid(int i) const {
  const Node& n = node(i);
  return n.process ? n.process->pid() : -1;
}

void NatsCluster::partition(int i) {
  if (size() < 2) throw std::logic_error("NatsCluster: a single node cannot be partitioned");
  reload(i, true);
}

void NatsCluster::heal(int i) {
  if (size() < 2) throw std::logic_error("NatsCluster: a single node cannot be partitioned");
  reload(i, false);
}

void NatsCluster::reload(int i, bool cut_off) {
  static constexpr std::string_view kDone = "Reloaded server configuration";
  static constexpr std::string_view kFailed = "Failed to reload server configuration";
  if (!running(i)) throw std::runtime_error("NatsCluster: " + name(i) + " is not running");
  const std::size_t done_before = count_in(log(i), kDone);
  const std::size_t failed_before = count_in(log(i), kFailed);
  write_config(i, cut_off);
  node(i).process->send_signal(SIGHUP);
  std::string now;
  const bool answered = wait_until(
      [&] {
        now = log(i);
        return count_in(now, kDone) > done_before || count_in(now, kFailed) > failed_before;
      },
      10000, 20);
  if (!answered || count_in(now, kFailed) > failed_before) {
    throw std::runtime_error("NatsCluster: " + name(i) + " did not reload its config" +
                             (answered ? "" : " within 10 s") + "; its log:\n" + tail(now));
  }
}

std::optional<nlohmann::json> nats_monitor(std::uint16_t port, const std::string& path) {
  HttpResponse response;
  try {
    response = http_get_until_closed(port, path);
  } catch (const std::runtime_error&) {
    return std::nullopt;  // not listening (yet, or any more)
  }
  if (response.status != 200) return std::nullopt;
  nlohmann::json parsed = nlohmann::json::parse(response.body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

std::optional<nlohmann::json> NatsCluster::monitor(int i, const std::string& path) {
  if (!running(i)) return std::nullopt;  // its port may belong to someone else by now
  return nats_monitor(monitor_port(i), path);
}

int NatsCluster::route_count(int i) {
  const auto routez = monitor(i, "/routez");
  if (!routez || !routez->contains("num_routes")) return -1;
  return (*routez)["num_routes"].get<int>();
}

std::optional<std::string> NatsCluster::meta_leader(int i) {
  const auto jsz = monitor(i, "/jsz");
  if (!jsz) return std::nullopt;
  const auto meta = jsz->find("meta_cluster");
  if (meta == jsz->end() || !meta->is_object()) return std::nullopt;
  const auto leader = meta->find("leader");
  if (leader == meta->end() || !leader->is_string() || leader->get<std::string>().empty()) return std::nullopt;
  return leader->get<std::string>();
}

std::optional<int> NatsCluster::leader_index() {
  if (size() == 1) {
    // A lone server has no meta group: JetStream is there once /jsz shows its config.
    const auto jsz = monitor(0, "/jsz");
    return jsz && jsz->contains("config") ? std::optional<int>(0) : std::nullopt;
  }
  std::optional<std::string> agreed;
  for (int i = 0; i < size(); ++i) {
    if (!running(i)) continue;
    const auto leader = meta_leader(i);
    if (!leader || (agreed && *agreed != *leader)) return std::nullopt;
    agreed = leader;
  }
  if (!agreed) return std::nullopt;
  for (int i = 0; i < size(); ++i) {
    if (name(i) == *agreed) return running(i) ? std::optional<int>(i) : std::nullopt;
  }
  return std::nullopt;
}

bool NatsCluster::wait_for_routes(int i, int routes, int timeout_ms) {
  return wait_until([&] { return route_count(i) == routes; }, timeout_ms, 100);
}

std::optional<int> NatsCluster::wait_for_meta_leader(int timeout_ms) {
  std::optional<int> leader;
  wait_until(
      [&] {
        leader = leader_index();
        return leader.has_value();
      },
      timeout_ms, 100);
  return leader;
}

std::string NatsCluster::logs_of_all() const {
  std::string out;
  for (int i = 0; i < size(); ++i) out += "--- " + name(i) + "'s log:\n" + tail(log(i)) + "\n";
  return out;
}

}  // namespace chatd::test
