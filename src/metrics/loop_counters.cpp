#include "metrics/loop_counters.hpp"

#include <algorithm>
#include <memory>

#include "sys/mutex.hpp"

namespace chatd::metrics {

namespace detail {
constinit thread_local LoopCounters* tl_bound = nullptr;

LoopCounters& unbound() noexcept {
  // Cold path (threads that bound no block): each gets one of its own, so it is still written
  // by one thread only; it is not registered, so nothing reads it.
  static thread_local std::unique_ptr<LoopCounters> own;
  if (!own) own = std::make_unique<LoopCounters>(LoopRole::main, 0, nullptr);
  return *own;
}
}  // namespace detail

namespace {

// The registered blocks. Only construction, destruction and reads (scrapes, chatctl stats)
// take the mutex; the loops never do while counting.
struct LoopList {
  sys::Mutex mutex;
  std::vector<const LoopCounters*> loops GUARDED_BY(mutex);
};

LoopList& loop_list() {
  static LoopList list;
  return list;
}

}  // namespace

LoopCounters::LoopCounters(LoopRole role, std::size_t index, event::EventLoop* loop)
    : role_(role), index_(index), loop_(loop) {
  if (!loop) return;  // the unbound fallback: never summed
  auto& list = loop_list();
  sys::MutexLock lock(list.mutex);
  list.loops.push_back(this);
}

LoopCounters::~LoopCounters() {
  if (!loop_) return;
  auto& list = loop_list();
  sys::MutexLock lock(list.mutex);
  std::erase(list.loops, this);
}

void LoopCounters::delivered(Clock::time_point when, std::size_t recipients, std::uint64_t bytes) noexcept {
  // Deliveries are to client connections, which live on workers; a bridge counts its datagrams.
  if (role_ != LoopRole::worker || recipients == 0) return;
  deliveries.add(recipients);
  delivery_bytes.add(bytes);
  // Fan-outs caused by one line, or posted in one batch, share an arrival: one entry for all.
  if (!pending_.empty() && pending_.back().arrival == when) {
    pending_.back().recipients += recipients;
  } else {
    pending_.push_back({when, recipients});
  }
}

void LoopCounters::flushed(Clock::time_point now) noexcept {
  if (tally_lines_ != 0) {
    lines_out.add(tally_lines_);
    tally_lines_ = 0;
  }
  for (const Pending& p : pending_) latency.observe(now - p.arrival, p.recipients);
  pending_.clear();
}

void bind_this_thread(LoopCounters* counters) noexcept { detail::tl_bound = counters; }

LoopTotals totals() {
  LoopTotals out;
  auto& list = loop_list();
  sys::MutexLock lock(list.mutex);
  for (const LoopCounters* loop : list.loops) {
    for_each_field(*loop, out, [](const Counter& from, std::uint64_t& to) { to += from.value(); });
    loop->latency.add_to(out.latency);
  }
  make_cumulative(out.latency);
  return out;
}

void for_each_loop(const std::function<void(const LoopCounters&)>& fn) {
  auto& list = loop_list();
  sys::MutexLock lock(list.mutex);
  for (const LoopCounters* loop : list.loops) fn(*loop);
}

}  // namespace chatd::metrics
