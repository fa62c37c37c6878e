// Counter: a monotonic count written by one thread and read by any. The writer adds with a
// relaxed load and a relaxed store (plain moves on x86-64, no lock prefix): only the owning
// thread ever writes, so there is no read-modify-write race to lock against. Readers (a
// scrape, chatctl stats) see each value whole, possibly a moment old.
//
// Thread rules: add() only on the one thread that owns the counter; value() from any thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace chatd::metrics {

class Counter {
 public:
  void add(std::uint64_t n = 1) noexcept {
    value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

}  // namespace chatd::metrics
