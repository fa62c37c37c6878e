// Per-bridge counters. BridgeCounters is written by the bridge's loop only and read from any
// thread (metrics::Counter: single-writer relaxed stores, no lock prefix; each number is exact,
// a snapshot of several is not a transaction); BridgeStats is the plain copy an admin
// interface and the metrics endpoint show.
#pragma once

#include <cstdint>

#include "metrics/counter.hpp"

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
  void received(std::uint64_t bytes) noexcept { datagrams_in_.add(), bytes_in_.add(bytes); }
  void sent(std::uint64_t bytes) noexcept { datagrams_out_.add(), bytes_out_.add(bytes); }
  void dropped(std::uint64_t n = 1) noexcept { dropped_.add(n); }
  void rate_limited() noexcept { rate_limited_.add(); }

  // Safe from any thread.
  BridgeStats snapshot() const noexcept {
    return BridgeStats{datagrams_in_.value(), bytes_in_.value(), datagrams_out_.value(),
                       bytes_out_.value(),    dropped_.value(),  rate_limited_.value()};
  }

 private:
  using Counter = metrics::Counter;

  Counter datagrams_in_;
  Counter bytes_in_;
  Counter datagrams_out_;
  Counter bytes_out_;
  Counter dropped_;
  Counter rate_limited_;
};

}  // namespace chatd::bridge
