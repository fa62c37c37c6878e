// Per-bridge counters. BridgeCounters is written by the bridge's loop and read from any
// thread (relaxed atomics: each number is exact, a snapshot of several is not a transaction);
// BridgeStats is the plain copy an admin interface shows.
#pragma once

#include <atomic>
#include <cstdint>

namespace chatd::bridge {

struct BridgeStats {
  std::uint64_t datagrams_in = 0;  // heard from others (our own echoes not counted)
  std::uint64_t bytes_in = 0;
  std::uint64_t datagrams_out = 0;  // sent to the group / broadcast address
  std::uint64_t bytes_out = 0;
  std::uint64_t dropped = 0;       // empty datagrams in; datagrams not sent (errors, queue full, closed)
  std::uint64_t rate_limited = 0;  // lines from a sender over its rate
};

class BridgeCounters {
 public:
  void received(std::uint64_t bytes) noexcept { add(datagrams_in_, 1), add(bytes_in_, bytes); }
  void sent(std::uint64_t bytes) noexcept { add(datagrams_out_, 1), add(bytes_out_, bytes); }
  void dropped(std::uint64_t n = 1) noexcept { add(dropped_, n); }
  void rate_limited() noexcept { add(rate_limited_, 1); }

  // Safe from any thread.
  BridgeStats snapshot() const noexcept {
    return BridgeStats{load(datagrams_in_), load(bytes_in_), load(datagrams_out_),
                       load(bytes_out_),    load(dropped_),  load(rate_limited_)};
  }

 private:
  using Counter = std::atomic<std::uint64_t>;
  static void add(Counter& c, std::uint64_t n) noexcept { c.fetch_add(n, std::memory_order_relaxed); }
  static std::uint64_t load(const Counter& c) noexcept { return c.load(std::memory_order_relaxed); }

  Counter datagrams_in_{0};
  Counter bytes_in_{0};
  Counter datagrams_out_{0};
  Counter bytes_out_{0};
  Counter dropped_{0};
  Counter rate_limited_{0};
};

}  // namespace chatd::bridge
