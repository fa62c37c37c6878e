// BridgeThread: the thread that runs every [[bridge]] on its own epoll loop, so datagram
// traffic never competes with client I/O on the workers. Its loop is one more entry in
// chat::Fanout's loop list (index loop_index()), which is how channel lines reach the
// bridges: one posted task per message, exactly like a worker.
//
// Thread rules: construct, add_bridges(), start() and stop() on the main thread; loop().post()
// and stats() are safe from any thread; everything else runs on the bridge thread.
#pragma once

#include <memory>
#include <thread>
#include <vector>

#include "bridge/bridge_stats.hpp"
#include "bridge/datagram_bridge.hpp"
#include "config/config.hpp"
#include "event/event_loop.hpp"
#include "irc/server_context.hpp"
#include "metrics/loop_counters.hpp"

namespace chatd::bridge {

class BridgeThread {
 public:
  explicit BridgeThread(std::size_t loop_index)
      : loop_index_(loop_index), metrics_(metrics::LoopRole::bridge, loop_index, &loop_) {}
  ~BridgeThread();
  BridgeThread(const BridgeThread&) = delete;
  BridgeThread& operator=(const BridgeThread&) = delete;

  event::EventLoop& loop() noexcept { return loop_; }
  std::size_t loop_index() const noexcept { return loop_index_; }

  // Before start(): creates one bridge per spec and attaches it to its channel, which is
  // created if needed and marked declared, so it lives on while no user is in it.
  void add_bridges(const std::vector<config::BridgeSpec>& specs, irc::ServerContext& context);
  // Starts the thread; the bridges open their sockets on it.
  void start();
  // Detaches the bridges from their channels, closes their sockets and joins the thread.
  void stop();

  // Safe from any thread: one entry per bridge, in config order.
  std::vector<BridgeStats> stats() const;
  // Safe from any thread once start() ran: the list never changes after that, and a bridge's
  // spec() and stats() may be read anywhere (deliver() still only on this thread's loop).
  const std::vector<std::shared_ptr<DatagramBridge>>& bridges() const noexcept { return bridges_; }

 private:
  void close_bridges() noexcept;

  std::size_t loop_index_;
  event::EventLoop loop_;
  metrics::LoopCounters metrics_;
  std::thread thread_;
  irc::ServerContext* context_ = nullptr;
  std::vector<std::shared_ptr<DatagramBridge>> bridges_;  // fixed once the thread runs
};

}  // namespace chatd::bridge
