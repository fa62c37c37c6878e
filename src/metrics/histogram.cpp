#include "metrics/histogram.hpp"

#include <algorithm>

namespace chatd::metrics {

namespace {
// The bounds in nanoseconds, so an observation compares integers.
constexpr std::array<std::int64_t, kLatencyBounds.size()> bounds_ns() {
  std::array<std::int64_t, kLatencyBounds.size()> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::int64_t>(kLatencyBounds[i] * 1e9 + 0.5);
  return out;
}
constexpr auto kBoundsNs = bounds_ns();
}  // namespace

void LatencyHistogram::observe(std::chrono::nanoseconds elapsed, std::uint64_t weight) noexcept {
  const std::int64_t ns = std::max<std::int64_t>(elapsed.count(), 0);
  // `le` buckets: a value equal to a bound belongs to that bound's bucket.
  const auto bucket =
      static_cast<std::size_t>(std::lower_bound(kBoundsNs.begin(), kBoundsNs.end(), ns) - kBoundsNs.begin());
  buckets_[bucket].add(weight);
  sum_ns_.add(static_cast<std::uint64_t>(ns) * weight);
}

void LatencyHistogram::add_to(HistogramSnapshot& out) const noexcept {
  for (std::size_t i = 0; i < buckets_.size(); ++i) out.cumulative[i] += buckets_[i].value();
  out.sum_seconds += static_cast<double>(sum_ns_.value()) / 1e9;
}

// The count is the +Inf bucket rather than a counter of its own: a scrape racing an
// observation then still sees count == +Inf bucket, as Prometheus requires.
void make_cumulative(HistogramSnapshot& snapshot) noexcept {
  for (std::size_t i = 1; i < snapshot.cumulative.size(); ++i) snapshot.cumulative[i] += snapshot.cumulative[i - 1];
  snapshot.count = snapshot.cumulative.back();
}

}  // namespace chatd::metrics
