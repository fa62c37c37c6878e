#include "bridge/bridge_thread.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace chatd::bridge {

namespace {
// How often closed bridges check whether their back-off has passed.
constexpr std::chrono::milliseconds kRetryTick{250};
}  // namespace

BridgeThread::~BridgeThread() { stop(); }

void BridgeThread::add_bridges(const std::vector<config::BridgeSpec>& specs, irc::ServerContext& context) {
  context_ = &context;
  for (const auto& spec : specs) {
    auto bridge = std::make_shared<DatagramBridge>(spec, loop_, loop_index_, context);
    sys::MutexLock lock(context.registry.mutex());
    bool created = false;
    chat::Channel& channel = context.registry.open_channel(spec.channel, created);
    channel.declared = true;
    channel.attach(bridge);
    bridges_.push_back(std::move(bridge));
  }
}

void BridgeThread::start() {
  if (bridges_.empty() || thread_.joinable()) return;
  loop_.set_before_sleep([this] {
    for (auto& bridge : bridges_) bridge->flush();
  });
  loop_.every(kRetryTick, [this] {
    const auto now = Clock::now();
    for (auto& bridge : bridges_) bridge->tick(now);
  });
  loop_.post([this] {
    for (auto& bridge : bridges_) bridge->open();
  });
  thread_ = std::thread([this] {
    metrics::bind_this_thread(&metrics_);  // the channel lines its bridges inject are counted here
    loop_.run();
  });
  spdlog::info("bridge thread running {} bridge(s)", bridges_.size());
}

void BridgeThread::stop() {
  if (!thread_.joinable()) return;
  loop_.post([this] { close_bridges(); });
  thread_.join();
}

void BridgeThread::close_bridges() noexcept {
  {
    sys::MutexLock lock(context_->registry.mutex());
    for (auto& bridge : bridges_) {
      if (chat::Channel* channel = context_->registry.find_channel(bridge->spec().channel)) {
        channel->detach(bridge.get());
      }
    }
  }
  for (auto& bridge : bridges_) {
    bridge->flush();
    bridge->close();
    const BridgeStats s = bridge->snapshot();
    spdlog::info("bridge {}: {} datagram(s) / {} byte(s) in, {} / {} out, {} dropped, {} line(s) rate-limited",
                 bridge->spec().channel, s.datagrams_in, s.bytes_in, s.datagrams_out, s.bytes_out, s.dropped,
                 s.rate_limited);
  }
  loop_.stop();
}

std::vector<BridgeStats> BridgeThread::stats() const {
  std::vector<BridgeStats> out;
  out.reserve(bridges_.size());
  for (const auto& bridge : bridges_) out.push_back(bridge->snapshot());
  return out;
}

}  // namespace chatd::bridge
