// Latency samples in microseconds and their percentiles. Samples are kept whole (4 bytes
// each; a 5 s run at 2 M deliveries/s is 40 MB) so the tail is exact, not bucketed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace chatd::bench {

class LatencySamples {
 public:
  void reserve(std::size_t n) { samples_.reserve(n); }
  void add(std::uint64_t micros) {
    samples_.push_back(static_cast<std::uint32_t>(std::min<std::uint64_t>(micros, UINT32_MAX)));
  }
  std::size_t size() const noexcept { return samples_.size(); }

  // The q-quantile (0..1) in milliseconds; 0 without samples. Reorders the samples.
  double quantile_ms(double q) {
    if (samples_.empty()) return 0;
    auto rank = static_cast<std::size_t>(q * static_cast<double>(samples_.size() - 1));
    std::nth_element(samples_.begin(), samples_.begin() + static_cast<std::ptrdiff_t>(rank), samples_.end());
    return samples_[rank] / 1000.0;
  }
  double max_ms() const { return samples_.empty() ? 0 : *std::max_element(samples_.begin(), samples_.end()) / 1000.0; }

 private:
  std::vector<std::uint32_t> samples_;
};

}  // namespace chatd::bench
