// HistoryStream: the network's channel and private history (doc/CLUSTER.md), in the JetStream
// stream "<prefix>_history". A channel's records go to "<prefix>.hist.c.<hex channel>", an
// account's conversation to "<prefix>.hist.p.<hex account>.<hex nick>", so the stream keeps
// [history] channel_lines per channel or conversation (max messages per subject) for
// max_age_days, like a standalone store, and one account's conversations can be purged.
//
//   share(record)  every record this node's users make (HistoryStore's tee): queued, then
//                  stored by this class's thread in batches of asynchronous publishes, each
//                  with its msgid; a batch with any failure is sent again whole (JetStream
//                  drops the copies it has), so every record is stored once. Their order in
//                  the stream does not matter: history is ordered by each record's time.
//   copying        an ordered consumer reads the stream from where this node's store left
//                  off (its position is kept in the store, written with the records) and
//                  hands the records to the history thread in batches: every node's SQLite
//                  holds the network's history, so CHATHISTORY is answered locally on any
//                  node, and a node that was down or lost its disk catches up.
//
// Thread rules: share() and set_limits() from any thread; start()/stop() from the cluster
// thread / at shutdown; libnats calls on this class's thread and the library's.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/history_store.hpp"

typedef struct __jsCtx jsCtx;
typedef struct __natsSubscription natsSubscription;
typedef struct __natsMsg natsMsg;
typedef struct __natsConnection natsConnection;
typedef struct jsPubAckErr jsPubAckErr;

namespace chatd::cluster {

class HistoryStream {
 public:
  // Records waiting to be stored past this are dropped (counted).
  static constexpr std::size_t kMaxQueued = 65536;

  struct Identity {
    std::string prefix, node, boot;
    int replicas = 1;
  };
  using Bad = std::function<void(std::string_view subject, const std::string& why)>;

  HistoryStream(Identity identity, store::HistoryStore& store, Bad bad);
  ~HistoryStream();

  // Creates or updates the stream and starts copying and storing; false while JetStream does
  // not answer (the caller retries).
  bool start(jsCtx* js, natsConnection* connection);
  void stop() noexcept;

  void share(const store::HistoryRecord& record);
  // [history] limits changed (reload): the stream follows.
  void set_limits(store::HistoryLimits limits);
  // Removes an account's conversations (casefolded name) from the stream.
  void forget_account(const std::string& account_key);

  std::uint64_t shared() const noexcept { return shared_.load(); }
  std::uint64_t copied() const noexcept { return copied_.load(); }
  std::uint64_t dropped() const noexcept { return dropped_.load(); }

 private:
  // Encoded on this class's thread, not on the recording loop.
  struct Queued {
    store::HistoryRecord record;
    std::uint64_t number = 0;  // in its msgid
  };
  struct Outgoing {
    std::string subject, data;
    std::uint64_t number = 0;
  };
  bool configure(store::HistoryLimits limits, bool create);
  std::uint64_t stored_position();
  void run() noexcept;
  bool publish(const std::vector<Outgoing>& batch);
  static void on_publish_error(jsCtx*, jsPubAckErr* error, void* closure);
  static void on_message(natsConnection*, natsSubscription*, natsMsg* msg, void* closure);
  void take(natsMsg* msg);
  void flush() noexcept;

  const Identity id_;
  const std::string stream_name_;
  store::HistoryStore& store_;
  Bad bad_;
  jsCtx* js_ = nullptr;
  jsCtx* async_js_ = nullptr;  // this class's own context: its error handler counts into failures_
  natsSubscription* subscription_ = nullptr;
  bool setup_warned_ = false;  // the cluster thread's, then this class's thread's
  std::thread thread_;

  std::mutex mutex_;  // queue_, limits_, stopping_
  std::condition_variable wake_;
  std::deque<Queued> queue_;
  std::optional<store::HistoryLimits> new_limits_;
  bool stopping_ = false;

  std::mutex copy_mutex_;  // the batch on its way to the store
  std::vector<store::HistoryRecord> batch_;
  std::uint64_t batch_sequence_ = 0;
  bool flush_queued_ = false;

  std::atomic<std::uint64_t> shared_{0}, copied_{0}, dropped_{0}, sequence_{0}, failures_{0};
};

// The stream subject a record goes to (see above).
std::string history_subject(const std::string& prefix, const std::string& target);

}  // namespace chatd::cluster
