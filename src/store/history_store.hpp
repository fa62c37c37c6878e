// HistoryStore: the channel history on a thread of its own. Workers hand it records through a
// bounded queue and never wait on disk; it writes them in batched transactions (everything
// queued since the last one, so the batch grows with the load) and answers CHATHISTORY
// queries after the writes queued before them, so a client always finds its own last line.
// Answers are given to a callback on the store thread, which posts them to the asking loop.
//
// When the queue is full (the disk cannot keep up) records are dropped and counted, with one
// log line when dropping starts and one when it ends. A failing write (disk full) logs once
// per episode and the records of that batch are lost; chat goes on.
//
// Thread rules: record(), query(), targets(), set_limits() and the counters are safe from any
// thread; the constructor opens the database (a StoreError when it cannot) and the destructor
// writes what is still queued and joins the thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store/history_db.hpp"
#include "store/history_record.hpp"
#include "sys/mutex.hpp"

namespace chatd::store {

struct HistoryLimits {
  unsigned channel_lines = 2048;
  unsigned max_age_days = 30;  // 0 = no age limit
};

struct StoreCounters {
  std::uint64_t stored = 0;          // records written
  std::uint64_t dropped = 0;         // records dropped: queue full or a failed write
  std::uint64_t queued = 0;          // records waiting now
  std::uint64_t queries_ok = 0;      // queries answered
  std::uint64_t queries_failed = 0;  // queries the database failed
  std::uint64_t queries_busy = 0;    // queries refused: too many waiting
};

class HistoryStore {
 public:
  // Records waiting past this are dropped (about 10 MB at 150 bytes a record).
  static constexpr std::size_t kMaxQueuedRecords = 65536;
  // Queries waiting past this are refused (the caller answers "try again").
  static constexpr std::size_t kMaxQueuedQueries = 1024;

  using Reply = std::function<void(std::vector<HistoryRecord> records, bool ok)>;
  using TargetsReply = std::function<void(std::vector<TargetActivity> targets, bool ok)>;
  using Job = std::function<void(HistoryDb&)>;
  // Sees every record() on the recording thread (cluster: shares it with the network).
  using Tee = std::function<void(const HistoryRecord&)>;

  HistoryStore(const std::string& path, HistoryLimits limits);
  ~HistoryStore();
  HistoryStore(const HistoryStore&) = delete;
  HistoryStore& operator=(const HistoryStore&) = delete;

  // Queues one record; false when it was dropped. The tee sees it first.
  bool record(HistoryRecord record) noexcept;
  // The same without the tee: a record this node makes up alone (a dead node's users' QUITs).
  bool record_unshared(HistoryRecord record) noexcept;
  // Set once, before anyone records (the cluster, at start-up).
  void set_tee(Tee tee) { tee_ = std::move(tee); }
  // Queues a query; `reply` runs on the store thread. False (and no reply) when too many
  // queries wait.
  bool query(HistoryQuery query, Reply reply);
  bool targets(TargetsQuery query, TargetsReply reply);
  // Runs `job` on the store thread after the records queued so far (admin commands). False
  // when too many jobs wait.
  bool run(Job job);

  void set_limits(HistoryLimits limits) noexcept;
  HistoryLimits limits() const noexcept { return {channel_lines_.load(), max_age_days_.load()}; }
  StoreCounters counters() const;
  const std::string& path() const noexcept { return path_; }

 private:
  void main() noexcept;
  void write(std::vector<HistoryRecord>& batch) noexcept;
  void prune_by_age() noexcept;
  // run() for a query: counts it refused, or answered by its result.
  template <typename Work, typename Answer>
  bool queue_query(Work work, Answer reply);

  const std::string path_;
  HistoryDb db_;
  Tee tee_;
  std::atomic<unsigned> channel_lines_;
  std::atomic<unsigned> max_age_days_;
  std::atomic<std::uint64_t> stored_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> queries_ok_{0};
  std::atomic<std::uint64_t> queries_failed_{0};
  std::atomic<std::uint64_t> queries_busy_{0};

  mutable sys::Mutex mutex_;
  std::condition_variable_any wake_;
  std::vector<HistoryRecord> records_ GUARDED_BY(mutex_);
  std::deque<Job> jobs_ GUARDED_BY(mutex_);
  bool dropping_ GUARDED_BY(mutex_) = false;
  bool stopping_ GUARDED_BY(mutex_) = false;
  bool write_failing_ = false;  // store thread only
  std::thread thread_;
};

}  // namespace chatd::store
