// HistoryMetrics: the chatd_history_* families of the metrics endpoint: records written and
// dropped, the store's queue depth, and queries by result, read from HistoryStore's counters
// when scraped. With history disabled the families are still there, at zero, so alerts need no
// absent().
//
// Thread rules: collect() on the main loop (the scrape); the store it reads outlives it.
#pragma once

#include "metrics/registry.hpp"
#include "store/history_store.hpp"

namespace chatd::store {

class HistoryMetrics final : public metrics::Collector {
 public:
  // `store` may be null (history disabled).
  explicit HistoryMetrics(const HistoryStore* store) : store_(store) {}

  void collect(metrics::Exposition& out) const override;

 private:
  const HistoryStore* store_;
};

}  // namespace chatd::store
