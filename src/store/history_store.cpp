#include "store/history_store.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace chatd::store {
namespace {

// Age pruning is a range delete on an index: once a minute is plenty.
constexpr auto kAgePruneEvery = std::chrono::minutes(1);
constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

HistoryStore::HistoryStore(const std::string& path, HistoryLimits limits)
    : path_(path), db_(path), channel_lines_(limits.channel_lines), max_age_days_(limits.max_age_days) {
  prune_by_age();
  thread_ = std::thread([this] { main(); });
}

HistoryStore::~HistoryStore() {
  {
    sys::MutexLock lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  const StoreCounters c = counters();
  spdlog::info("history: {} messages stored since start-up, {} dropped", c.stored, c.dropped);
}

bool HistoryStore::record(HistoryRecord record) noexcept {
  if (tee_) tee_(record);
  return record_unshared(std::move(record));
}

bool HistoryStore::record_unshared(HistoryRecord record) noexcept {
  bool was_empty = false;
  {
    sys::MutexLock lock(mutex_);
    if (records_.size() >= kMaxQueuedRecords) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      if (!dropping_) {
        dropping_ = true;
        spdlog::warn("history: the store cannot keep up ({} records queued); dropping new ones", records_.size());
      }
      return false;
    }
    was_empty = records_.empty() && jobs_.empty();
    records_.push_back(std::move(record));
  }
  // The thread drains everything once awake: only the first record of a batch wakes it.
  if (was_empty) wake_.notify_one();
  return true;
}

bool HistoryStore::run(Job job) {
  {
    sys::MutexLock lock(mutex_);
    if (jobs_.size() >= kMaxQueuedQueries || stopping_) return false;
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

// A job that runs `work` and hands its result to `reply`, or an empty one and false when the
// database fails (logged here, answered by the caller as MESSAGE_ERROR).
template <typename Work, typename Answer>
bool HistoryStore::queue_query(Work work, Answer reply) {
  const bool queued = run([this, work = std::move(work), reply = std::move(reply)](HistoryDb& db) {
    decltype(work(db)) result;
    bool ok = true;
    try {
      result = work(db);
    } catch (const StoreError& e) {
      spdlog::error("history: query failed: {}", e.what());
      ok = false;
    }
    (ok ? queries_ok_ : queries_failed_).fetch_add(1, std::memory_order_relaxed);
    reply(std::move(result), ok);
  });
  if (!queued) queries_busy_.fetch_add(1, std::memory_order_relaxed);
  return queued;
}

bool HistoryStore::query(HistoryQuery query, Reply reply) {
  return queue_query([query = std::move(query)](HistoryDb& db) { return db.query(query); }, std::move(reply));
}

bool HistoryStore::targets(TargetsQuery query, TargetsReply reply) {
  return queue_query([query = std::move(query)](HistoryDb& db) { return db.targets(query); }, std::move(reply));
}

void HistoryStore::set_limits(HistoryLimits limits) noexcept {
  channel_lines_.store(limits.channel_lines, std::memory_order_relaxed);
  max_age_days_.store(limits.max_age_days, std::memory_order_relaxed);
}

StoreCounters HistoryStore::counters() const {
  StoreCounters out;
  out.stored = stored_.load(std::memory_order_relaxed);
  out.dropped = dropped_.load(std::memory_order_relaxed);
  out.queries_ok = queries_ok_.load(std::memory_order_relaxed);
  out.queries_failed = queries_failed_.load(std::memory_order_relaxed);
  out.queries_busy = queries_busy_.load(std::memory_order_relaxed);
  sys::MutexLock lock(mutex_);
  out.queued = records_.size();
  return out;
}

void HistoryStore::main() noexcept {
  std::vector<HistoryRecord> batch;
  std::deque<Job> jobs;
  auto next_prune = std::chrono::steady_clock::now() + kAgePruneEvery;
  for (;;) {
    bool stop = false;
    {
      sys::MutexLock lock(mutex_);
      while (records_.empty() && jobs_.empty() && !stopping_) {
        if (wake_.wait_until(mutex_, next_prune) == std::cv_status::timeout) break;
      }
      batch.swap(records_);
      jobs.swap(jobs_);
      stop = stopping_;
      if (dropping_) {
        dropping_ = false;
        spdlog::warn("history: the store caught up; {} records dropped so far", dropped_.load());
      }
    }
    write(batch);
    batch.clear();
    // Queries run after the writes queued before them.
    for (Job& job : jobs) {
      if (!stop) job(db_);
    }
    jobs.clear();
    if (stop) return;
    if (std::chrono::steady_clock::now() >= next_prune) {
      prune_by_age();
      next_prune = std::chrono::steady_clock::now() + kAgePruneEvery;
    }
  }
}

void HistoryStore::write(std::vector<HistoryRecord>& batch) noexcept {
  if (batch.empty()) return;
  try {
    db_.insert(batch, channel_lines_.load(std::memory_order_relaxed));
    stored_.fetch_add(batch.size(), std::memory_order_relaxed);
    if (write_failing_) {
      write_failing_ = false;
      spdlog::warn("history: writing works again");
    }
  } catch (const StoreError& e) {
    dropped_.fetch_add(batch.size(), std::memory_order_relaxed);
    if (!write_failing_) {
      write_failing_ = true;
      spdlog::error("history: cannot write, history is paused until writing works again: {}", e.what());
    }
  }
}

void HistoryStore::prune_by_age() noexcept {
  const unsigned days = max_age_days_.load(std::memory_order_relaxed);
  if (days == 0) return;
  try {
    const auto removed = db_.prune_older_than(now_ms() - static_cast<std::int64_t>(days) * kDayMs);
    if (removed > 0) spdlog::info("history: pruned {} messages older than {} days", removed, days);
  } catch (const StoreError& e) {
    spdlog::error("history: pruning failed: {}", e.what());
  }
}

}  // namespace chatd::store
