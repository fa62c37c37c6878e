#include "net/worker.hpp"

#include <spdlog/spdlog.h>

namespace chatd::net {

namespace {
constexpr std::size_t kScratchBytes = 64 * 1024;
}

Worker::Worker(std::size_t index) : index_(index), scratch_(kScratchBytes) {
  loop_.set_before_sleep([this] { flush_dirty(); });
  loop_.every(std::chrono::seconds(1), [this] { tick(); });
}

Worker::~Worker() { join(); }

void Worker::start() {
  thread_ = std::thread([this] {
    try {
      loop_.run();
    } catch (const std::exception& e) {
      // A dead worker would strand its clients silently; better to stop loudly.
      spdlog::critical("worker {} died: {}", index_, e.what());
      std::terminate();
    }
  });
}

void Worker::join() {
  if (thread_.joinable()) thread_.join();
}

void Worker::adopt(std::shared_ptr<Connection> connection) {
  Connection* raw = connection.get();
  connections_.emplace(raw, std::move(connection));
  count_.store(connections_.size(), std::memory_order_relaxed);
  raw->start();
}

void Worker::forget(Connection* connection) noexcept {
  loop_.defer([this, connection] {
    connections_.erase(connection);
    count_.store(connections_.size(), std::memory_order_relaxed);
  });
}

void Worker::mark_dirty(std::shared_ptr<Connection> connection) noexcept {
  dirty_.push_back(std::move(connection));
}

void Worker::flush_dirty() noexcept {
  // A flush can close a connection, and closing can queue output for others: swap first.
  while (!dirty_.empty()) {
    flushing_.swap(dirty_);
    for (auto& connection : flushing_) connection->flush();
    flushing_.clear();
  }
}

void Worker::tick() noexcept {
  auto now = Connection::Clock::now();
  std::vector<std::shared_ptr<Connection>> snapshot;
  snapshot.reserve(connections_.size());
  for (auto& [raw, owner] : connections_) snapshot.push_back(owner);
  for (auto& connection : snapshot) {
    if (!connection->closed()) connection->on_tick(now);
    if (!connection->closed()) connection->release_idle_memory();
  }
}

void Worker::shutdown_all() noexcept {
  std::vector<std::shared_ptr<Connection>> snapshot;
  for (auto& [raw, owner] : connections_) snapshot.push_back(owner);
  for (auto& connection : snapshot) connection->on_shutdown();
}

}  // namespace chatd::net
