#include "support/chatd_network.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <stdexcept>

#include "support/admin_socket.hpp"

namespace chatd::test {

ChatdNetwork::ChatdNetwork(int nodes, NetworkOptions options) : options_(std::move(options)), nats_(3) {
  for (int i = 0; i < nodes; ++i) {
    up_.push_back(true);
    ChatdConfig config = config_for(i);
    nodes_.push_back(std::make_unique<Chatd>(config));
  }
  for (int i = 0; i < nodes; ++i) wait_joined(i);
}

ChatdNetwork::~ChatdNetwork() {
  // Side by side, not one after the other: a node that takes its whole 5 s to exit then costs
  // the test 5 s, not 5 s per node.
  for (auto& chatd : nodes_) {
    if (chatd) chatd->process.send_signal(SIGTERM);
  }
  nodes_.clear();
}

ChatdConfig ChatdNetwork::config_for(int i) const {
  std::string urls = "[";
  const auto& which = static_cast<std::size_t>(i) < options_.nats_of.size() ? options_.nats_of[i] : std::vector<int>{};
  const std::vector<int> all = {0, 1, 2};
  for (int n : which.empty() ? all : which)
    urls += std::string(urls.size() > 1 ? ", " : "") + "\"" + nats_.url(n) + "\"";
  urls += "]";
  ChatdConfig config;
  config.name = name(i) + ".chatd.test";
  // The tests send streams of messages and retry NICK while the network recovers: flood
  // control would pace them at 10 lines/s and the nick-change limit would answer 438.
  config.limits =
      "flood_lines_per_second = 100000\nflood_burst = 100000\nflood_bytes_per_second = 100000000\n"
      "flood_bytes_burst = 100000000\nnick_changes_per_10s = 1000\n";
  config.extra = "[cluster]\nnode = \"" + name(i) + "\"\nnats = " + urls +
                 "\nreplicas = 3\nnode_timeout = " + std::to_string(options_.node_timeout) + "\n" +
                 admin_table(admin_socket(i)) + options_.extra;
  if (options_.stores)
    config.extra +=
        "[storage]\npath = \"" + store_path(i) + "\"\n[accounts]\nenabled = true\nregistration = \"open\"\n";
  if (static_cast<std::size_t>(i) < options_.extra_of.size())
    config.extra += "\n" + options_.extra_of[static_cast<std::size_t>(i)];
  return config;
}

void ChatdNetwork::wait_joined(int i, int timeout_ms) {
  Chatd& chatd = node(i);
  if (!wait_for_log(chatd.process, "joined the network", timeout_ms))
    throw std::runtime_error("chatd node " + name(i) + " never joined the network:\n" + chatd.process.log());
  for (std::size_t other = 0; other < nodes_.size(); ++other) {
    if (static_cast<int>(other) == i || !up_[other]) continue;
    if (!wait_for_log(chatd.process, "cluster: node " + name(static_cast<int>(other)) + " is up", timeout_ms))
      throw std::runtime_error("chatd node " + name(i) + " never saw node " + name(static_cast<int>(other)) + ":\n" +
                               chatd.process.log());
  }
}

void ChatdNetwork::wipe_store(int i) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(store_path(i) + suffix);
}

void ChatdNetwork::kill_node(int i) {
  node(i).process.stop(SIGKILL);
  up_[static_cast<std::size_t>(i)] = false;
}

void ChatdNetwork::restart_node(int i) {
  const std::uint16_t port = node(i).port;
  nodes_[static_cast<std::size_t>(i)].reset();
  ChatdConfig config = config_for(i);
  // The fixture picks its own port; the restarted node keeps the old one so clients reconnect.
  nodes_[static_cast<std::size_t>(i)] = std::make_unique<Chatd>(config, ChatdOptions{}, port);
  up_[static_cast<std::size_t>(i)] = true;
  wait_joined(i);
}

}  // namespace chatd::test
