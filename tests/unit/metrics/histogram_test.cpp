#include "metrics/histogram.hpp"

#include <doctest/doctest.h>

using namespace std::chrono_literals;
using chatd::metrics::HistogramSnapshot;
using chatd::metrics::kLatencyBounds;
using chatd::metrics::LatencyHistogram;

TEST_CASE("metrics::LatencyHistogram: weighted observations land in `le` buckets") {
  LatencyHistogram histogram;
  histogram.observe(50us, 3);   // <= 0.0001
  histogram.observe(100us, 1);  // == the first bound: still its bucket
  histogram.observe(3ms, 10);   // <= 0.005
  histogram.observe(-1ms, 1);   // a clock step backwards counts as 0
  histogram.observe(60s, 2);    // past every bound: +Inf only
  HistogramSnapshot snapshot;
  histogram.add_to(snapshot);
  histogram.add_to(snapshot);  // two loops with the same numbers
  chatd::metrics::make_cumulative(snapshot);
  CHECK(snapshot.cumulative[0] == 2 * 5);
  CHECK(snapshot.cumulative[4] == 2 * 5);   // le 0.0025
  CHECK(snapshot.cumulative[5] == 2 * 15);  // le 0.005
  CHECK(snapshot.cumulative[kLatencyBounds.size() - 1] == 2 * 15);
  CHECK(snapshot.cumulative.back() == 2 * 17);
  CHECK(snapshot.count == 2 * 17);
  CHECK(snapshot.sum_seconds == doctest::Approx(2 * (150e-6 + 100e-6 + 30e-3 + 120.0)));
}
