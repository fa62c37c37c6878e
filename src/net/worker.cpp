#include "net/worker.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "sys/fatal.hpp"

namespace chatd::net {

namespace {
constexpr std::size_t kScratchBytes = 64 * 1024;
// How often throttled clients get their refilled tokens: fine enough that fake lag feels
// like a steady trickle, coarse enough to cost nothing when nobody floods.
constexpr std::chrono::milliseconds kThrottleTick{100};
// Flush pacing (see flush_dirty): a flush of at least kPaceAbove connections with fewer than
// kFullBatchLines lines each on average starts at most every kFlushPace. Measured in
// doc/PERFORMANCE.md (scenarios A, B, D).
constexpr std::size_t kPaceAbove = 64;
constexpr std::size_t kFullBatchLines = 16;
constexpr std::chrono::milliseconds kFlushPace{10};
// Fewer connections than this are written one by one: a reply or a private message is a
// single writev, no cheaper through the ring.
constexpr std::size_t kBatchFrom = 4;
}  // namespace

Worker::Worker(std::size_t index, bool batched_sends)
    : index_(index),
      metrics_(metrics::LoopRole::worker, index, &loop_),
      scratch_(kScratchBytes),
      batch_(batched_sends ? SendBatch::create() : nullptr) {
  loop_.set_before_sleep([this] {
    end_idle_lines();  // first: the lines it ends go out with this flush
    flush_dirty();
  });
  loop_.every(std::chrono::seconds(1), [this] { tick(); });
  loop_.every(kThrottleTick, [this] { release_throttled(); });
}

Worker::~Worker() { join(); }

void Worker::start() {
  thread_ = std::thread([this] {
    metrics::bind_this_thread(&metrics_);
    try {
      loop_.run();
    } catch (const std::exception& e) {
      // A dead worker would strand its clients silently; better to stop loudly and be restarted.
      sys::die("worker " + std::to_string(index_) + " died: " + e.what());
    }
  });
}

void Worker::join() {
  if (thread_.joinable()) thread_.join();
}

void Worker::adopt(std::shared_ptr<Connection> connection) {
  loop_.assert_in_loop("Worker::adopt");
  Connection* raw = connection.get();
  connections_.emplace(raw, std::move(connection));
  raw->start();
}

void Worker::forget(Connection* connection) noexcept {
  loop_.defer([this, connection] { connections_.erase(connection); });
}

void Worker::mark_dirty(std::shared_ptr<Connection> connection) noexcept {
  loop_.assert_in_loop("Worker::mark_dirty");
  dirty_.push_back(std::move(connection));
}

void Worker::flush_dirty() noexcept {
  if (dirty_.empty()) {
    // Deliveries whose connections closed meanwhile have nothing to write: flushed all the same.
    if (metrics_.unflushed()) metrics_.flushed(std::chrono::steady_clock::now());
    return;
  }
  // Each flush costs one writev per dirty connection (~9 us each on loopback here, most of it
  // the kernel's per-call path and waking the reader), whether it carries one line or forty.
  // So, like Nagle's algorithm: a wide flush whose connections have only a few lines each
  // waits until kFlushPace after the previous one started, and the lines that arrive meanwhile
  // join the same writev. A full batch, a small flush (a reply, a private message) or a quiet
  // loop goes at once. At 1000 msg/s to 1000 members this keeps chatd under the real-time
  // throttle that set the tail latency (doc/PERFORMANCE.md, D).
  const auto now = std::chrono::steady_clock::now();
  const bool wide = dirty_.size() >= kPaceAbove;
  if (wide && queued_lines_ < dirty_.size() * kFullBatchLines && now - last_wide_flush_ < kFlushPace) {
    loop_.wake_within(last_wide_flush_ + kFlushPace - now);
    return;
  }
  if (wide) last_wide_flush_ = now;
  queued_lines_ = 0;
  // A flush can close a connection, and closing can queue output for others: swap first.
  while (!dirty_.empty()) {
    flushing_.swap(dirty_);
    if (batch_ && flushing_.size() >= kBatchFrom) {
      flush_batched();
    } else {
      for (auto& connection : flushing_) connection->flush();
    }
    flushing_.clear();
  }
  // The latency of every delivery since the last flush ends here, once per flush, not per line.
  metrics_.flushed(std::chrono::steady_clock::now());
}

void Worker::flush_batched() noexcept {
  auto finish = [](void* tag, ssize_t result, std::size_t offered) {
    static_cast<Connection*>(tag)->finish_batched(result, offered);
  };
  for (auto& connection : flushing_) {
    if (connection->add_to_batch(*batch_)) continue;
    batch_->run(finish);  // full: send these, then start the next batch with this connection
    if (!connection->add_to_batch(*batch_)) connection->flush();
  }
  batch_->run(finish);
}

void Worker::tick() noexcept {
  auto now = Connection::Clock::now();
  std::vector<std::shared_ptr<Connection>> snapshot;
  snapshot.reserve(connections_.size());
  for (auto& [raw, owner] : connections_) snapshot.push_back(owner);
  for (auto& connection : snapshot) {
    if (!connection->closed()) connection->tick(now);
    if (!connection->closed()) connection->release_idle_memory();
  }
}

void Worker::throttle(std::shared_ptr<Connection> connection) noexcept { throttled_.push_back(std::move(connection)); }

void Worker::release_throttled() noexcept {
  if (throttled_.empty()) return;
  // Each throttled client runs only what its own bucket allows, so a flooder costs the
  // others on this loop a bounded slice per tick. Swap first: a release may throttle again.
  std::vector<std::shared_ptr<Connection>> batch;
  batch.swap(throttled_);
  for (auto& connection : batch) {
    if (connection->release_held()) throttled_.push_back(std::move(connection));
  }
}

void Worker::watch_partial(std::shared_ptr<Connection> connection) noexcept {
  partial_.push_back(std::move(connection));
}

void Worker::end_idle_lines() noexcept {
  if (partial_.empty()) return;
  const auto now = Connection::Clock::now();
  std::optional<Connection::Clock::duration> soonest;
  // An ended line runs commands; none of them reads input, so none adds to partial_ meanwhile.
  std::erase_if(partial_, [&](const std::shared_ptr<Connection>& connection) {
    auto wait = connection->end_idle_line(now);
    if (wait) soonest = soonest ? std::min(*soonest, *wait) : *wait;
    return !wait;
  });
  if (soonest) loop_.wake_within(*soonest);
}

void Worker::shutdown_all() noexcept {
  std::vector<std::shared_ptr<Connection>> snapshot;
  for (auto& [raw, owner] : connections_) snapshot.push_back(owner);
  for (auto& connection : snapshot) connection->on_shutdown();
}

}  // namespace chatd::net
