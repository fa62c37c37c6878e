#include "store/history_metrics.hpp"

namespace chatd::store {

void HistoryMetrics::collect(metrics::Exposition& out) const {
  const StoreCounters c = store_ ? store_->counters() : StoreCounters{};
  out.counter("chatd_history_writes_total", "Channel messages written to the history store.", c.stored);
  out.counter("chatd_history_dropped_total",
              "Messages the history store lost: its queue was full or the database write failed.", c.dropped);
  out.gauge("chatd_history_queue_depth", "Messages waiting to be written to the history store.",
            static_cast<double>(c.queued));
  constexpr const char* kName = "chatd_history_queries_total";
  out.family(kName, metrics::Exposition::Type::counter,
             "History queries (CHATHISTORY, replay on join), by result: answered, failed in the database, or "
             "refused because too many were waiting.");
  out.sample(kName, {{"result", "ok"}}, c.queries_ok);
  out.sample(kName, {{"result", "failed"}}, c.queries_failed);
  out.sample(kName, {{"result", "busy"}}, c.queries_busy);
}

}  // namespace chatd::store
