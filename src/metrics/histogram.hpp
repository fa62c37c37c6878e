// LatencyHistogram: a Prometheus histogram of durations, written by one loop thread and read
// by any (a scrape sums every loop's). Buckets are kept non-cumulative, one Counter each, so an
// observation costs a short search and three single-writer adds; the cumulative form is made
// when scraped, and the count is the +Inf bucket. An observation carries a weight: a fan-out task observes one duration
// for all the recipients it flushed at once.
//
// Thread rules: observe() on the owning thread only; snapshot_into() from any thread.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "metrics/counter.hpp"

namespace chatd::metrics {

// Upper bounds in seconds, from a tenth of a millisecond (a loopback fan-out) to 5 s (a loop
// that stalled). The last bucket, +Inf, is implicit.
inline constexpr std::array<double, 15> kLatencyBounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                          0.05,   0.1,     0.25,   0.5,   1,      2.5,   5};

// A histogram summed over loops: cumulative bucket counts (the last is +Inf, equal to count).
struct HistogramSnapshot {
  std::array<std::uint64_t, kLatencyBounds.size() + 1> cumulative{};
  std::uint64_t count = 0;
  double sum_seconds = 0;
};

class LatencyHistogram {
 public:
  void observe(std::chrono::nanoseconds elapsed, std::uint64_t weight) noexcept;
  // Adds this histogram's counts (not yet cumulative) to `out`; call make_cumulative() after the last.
  void add_to(HistogramSnapshot& out) const noexcept;

 private:
  std::array<Counter, kLatencyBounds.size() + 1> buckets_;
  Counter sum_ns_;
};

// Turns per-bucket counts summed by add_to() into Prometheus' cumulative `le` counts.
void make_cumulative(HistogramSnapshot& snapshot) noexcept;

}  // namespace chatd::metrics
