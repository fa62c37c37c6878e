#include "cluster/history_stream.hpp"

#include <nats/nats.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <future>

#include "cluster/history_codec.hpp"
#include "cluster/nats_util.hpp"

namespace chatd::cluster {

namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kNs = 1'000'000'000;
constexpr std::int64_t kDayNs = 24 * 3600 * kNs;
constexpr std::int64_t kDuplicateWindow = 120 * kNs;
constexpr std::int64_t kWaitMs = 2000;
constexpr auto kRetry = 500ms;
constexpr std::size_t kBatch = 256;         // records in flight at once
constexpr std::int64_t kMaxPending = 1024;  // the library's own cap on unacknowledged publishes
// Per-subject limits cap each channel; this caps the number of channels times their lines.
constexpr std::int64_t kMaxBytes = 1LL << 30;

}  // namespace

std::string history_subject(const std::string& prefix, const std::string& target) {
  // "~account/nick": an account's conversation (irc/private_history.hpp).
  if (target.size() > 1 && target.front() == '~') {
    const auto slash = target.find('/');
    if (slash != std::string::npos && slash > 1 && slash + 1 < target.size()) {
      return prefix + ".hist.p." + hex_key("", std::string_view(target).substr(1, slash - 1)) + "." +
             hex_key("", std::string_view(target).substr(slash + 1));
    }
  }
  return prefix + ".hist.c." + hex_key("", target);
}

HistoryStream::HistoryStream(Identity identity, store::HistoryStore& store, Bad bad)
    : id_(std::move(identity)), stream_name_(id_.prefix + "_history"), store_(store), bad_(std::move(bad)) {}

HistoryStream::~HistoryStream() { stop(); }

bool HistoryStream::configure(store::HistoryLimits limits, bool create) {
  jsStreamConfig cfg;
  jsStreamConfig_Init(&cfg);
  const std::string subjects = id_.prefix + ".hist.>";
  const char* list[] = {subjects.c_str()};
  cfg.Name = stream_name_.c_str();
  cfg.Subjects = list;
  cfg.SubjectsLen = 1;
  cfg.Storage = js_FileStorage;
  cfg.Replicas = id_.replicas;
  cfg.MaxMsgsPerSubject = limits.channel_lines;
  cfg.MaxAge = limits.max_age_days ? static_cast<std::int64_t>(limits.max_age_days) * kDayNs : 0;
  cfg.MaxBytes = kMaxBytes;
  cfg.Duplicates = kDuplicateWindow;
  jsErrCode err = static_cast<jsErrCode>(0);
  jsStreamInfo* info = nullptr;
  natsStatus s = create ? js_AddStream(&info, js_, &cfg, nullptr, &err) : NATS_ERR;
  if (!create || (s != NATS_OK && err == JSStreamNameExistErr)) s = js_UpdateStream(&info, js_, &cfg, nullptr, &err);
  if (info) jsStreamInfo_Destroy(info);
  // Retried every second while JetStream is away: said once per episode.
  if (s != NATS_OK && !setup_warned_)
    spdlog::warn("cluster: cannot set up the history stream {}: {}", stream_name_, status_text(s));
  setup_warned_ = s != NATS_OK;
  return s == NATS_OK;
}

// Where this node's copy stands, read on the history thread (the store's only user). A stream
// that is shorter than that was made anew: copied from its start.
std::uint64_t HistoryStream::stored_position() {
  auto promise = std::make_shared<std::promise<std::uint64_t>>();
  auto answer = promise->get_future();
  const std::string name = stream_name_;
  if (!store_.run([promise, name](store::HistoryDb& db) {
        std::uint64_t position = 0;
        try {
          position = db.stream_position(name);
        } catch (const store::StoreError& e) {
          spdlog::error("history: cannot read the history stream's position: {}", e.what());
        }
        promise->set_value(position);
      }))
    return 0;
  std::uint64_t position = answer.get();
  jsStreamInfo* info = nullptr;
  jsErrCode err = static_cast<jsErrCode>(0);
  if (js_GetStreamInfo(&info, js_, stream_name_.c_str(), nullptr, &err) == NATS_OK && info) {
    if (position > info->State.LastSeq) position = 0;
    jsStreamInfo_Destroy(info);
  }
  return position;
}

bool HistoryStream::start(jsCtx* js, natsConnection* connection) {
  if (subscription_) return true;
  js_ = js;
  if (!async_js_) {
    jsOptions jo;
    jsOptions_Init(&jo);
    jo.Wait = kWaitMs;
    jo.PublishAsync.MaxPending = kMaxPending;
    jo.PublishAsync.ErrHandler = &HistoryStream::on_publish_error;
    jo.PublishAsync.ErrHandlerClosure = this;
    if (natsConnection_JetStream(&async_js_, connection, &jo) != NATS_OK) {
      async_js_ = nullptr;
      return false;
    }
  }
  if (!configure(store_.limits(), true)) return false;
  const std::uint64_t position = stored_position();
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Ordered = true;
  so.Stream = stream_name_.c_str();
  if (position > 0) {
    so.Config.DeliverPolicy = js_DeliverByStartSequence;
    so.Config.OptStartSeq = position + 1;
  } else {
    so.Config.DeliverPolicy = js_DeliverAll;
  }
  jsErrCode err = static_cast<jsErrCode>(0);
  const std::string filter = id_.prefix + ".hist.>";
  natsStatus s =
      js_Subscribe(&subscription_, js_, filter.c_str(), &HistoryStream::on_message, this, nullptr, &so, &err);
  if (s != NATS_OK) {
    subscription_ = nullptr;
    spdlog::warn("cluster: cannot read the history stream: {}", status_text(s));
    return false;
  }
  spdlog::info("cluster: copying the network's history from sequence {}", position + 1);
  thread_ = std::thread([this] { run(); });
  return true;
}

void HistoryStream::stop() noexcept {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  // A callback still running keeps its own reference; this object outlives the library's
  // threads (the cluster waits for them before it is destroyed).
  if (subscription_) {
    natsSubscription_Unsubscribe(subscription_);
    natsSubscription_Destroy(subscription_);
    subscription_ = nullptr;
  }
  if (async_js_) jsCtx_Destroy(async_js_);
  async_js_ = nullptr;
}

void HistoryStream::share(const store::HistoryRecord& record) {
  Queued out{record, sequence_.fetch_add(1) + 1};
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= kMaxQueued || stopping_) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    queue_.push_back(std::move(out));
  }
  wake_.notify_one();
}

void HistoryStream::set_limits(store::HistoryLimits limits) {
  {
    std::lock_guard lock(mutex_);
    new_limits_ = limits;
  }
  wake_.notify_one();
}

void HistoryStream::forget_account(const std::string& account_key) {
  if (!js_) return;
  const std::string filter = id_.prefix + ".hist.p." + hex_key("", account_key) + ".>";
  jsOptions o;
  jsOptions_Init(&o);
  o.Stream.Purge.Subject = filter.c_str();
  jsErrCode err = static_cast<jsErrCode>(0);
  natsStatus s = js_PurgeStream(js_, stream_name_.c_str(), &o, &err);
  if (s != NATS_OK)
    spdlog::error("cluster: cannot purge the conversations of account {} from the history stream: {}", account_key,
                  status_text(s));
}

void HistoryStream::run() noexcept {
  while (true) {
    std::vector<Queued> taken;
    std::optional<store::HistoryLimits> limits;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty() || new_limits_; });
      if (stopping_) return;
      limits = std::exchange(new_limits_, std::nullopt);
      for (std::size_t i = 0; i < queue_.size() && i < kBatch; ++i) taken.push_back(queue_[i]);
    }
    if (limits) configure(*limits, false);
    if (taken.empty()) continue;
    std::vector<Outgoing> batch;
    batch.reserve(taken.size());
    for (const Queued& q : taken) {
      batch.push_back(
          {history_subject(id_.prefix, q.record.target), encode_history({id_.node, id_.boot, q.record}), q.number});
    }
    if (!publish(batch)) return;
    std::lock_guard lock(mutex_);
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(batch.size()));
  }
}

void HistoryStream::on_publish_error(jsCtx*, jsPubAckErr*, void* closure) {
  static_cast<HistoryStream*>(closure)->failures_.fetch_add(1, std::memory_order_relaxed);
}

// Until the whole batch is stored (true) or stopping (false). The msgids make sending a
// batch again harmless: JetStream keeps the first copy of each within its duplicate window.
bool HistoryStream::publish(const std::vector<Outgoing>& batch) {
  bool warned = false;
  while (true) {
    const std::uint64_t failures_before = failures_.load();
    natsStatus s = NATS_OK;
    for (const Outgoing& out : batch) {
      const std::string msgid = "h-" + id_.node + "-" + id_.boot + "-" + std::to_string(out.number);
      jsPubOptions po;
      jsPubOptions_Init(&po);
      po.MsgId = msgid.c_str();
      po.MaxWait = kWaitMs;
      s = js_PublishAsync(async_js_, out.subject.c_str(), out.data.data(), static_cast<int>(out.data.size()), &po);
      if (s != NATS_OK) break;
    }
    if (s == NATS_OK) {
      jsPubOptions po;
      jsPubOptions_Init(&po);
      po.MaxWait = kWaitMs;
      s = js_PublishAsyncComplete(async_js_, &po);
    }
    if (s == NATS_OK && failures_.load() == failures_before) {
      shared_.fetch_add(batch.size(), std::memory_order_relaxed);
      if (warned) spdlog::info("cluster: the history stream takes records again");
      return true;
    }
    if (!warned)
      spdlog::warn("cluster: storing {} history records failed ({}); retrying", batch.size(),
                   s == NATS_OK ? std::string("a record was refused") : status_text(s));
    warned = true;
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, kRetry, [&] { return stopping_; })) return false;
  }
}

void HistoryStream::on_message(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
  static_cast<HistoryStream*>(closure)->take(msg);
  natsMsg_Destroy(msg);
}

void HistoryStream::take(natsMsg* msg) {
  jsMsgMetaData* meta = nullptr;
  if (natsMsg_GetMetaData(&meta, msg) != NATS_OK || !meta) return;
  const std::uint64_t sequence = meta->Sequence.Stream;
  jsMsgMetaData_Destroy(meta);
  const char* subject = natsMsg_GetSubject(msg);
  std::string_view data(natsMsg_GetData(msg), static_cast<std::size_t>(natsMsg_GetDataLength(msg)));
  DecodedRecord decoded = decode_history(data);
  if (decoded.shared && history_subject(id_.prefix, decoded.shared->record.target) != (subject ? subject : ""))
    decoded = {std::nullopt, "its target is not its subject's"};
  if (!decoded.shared) bad_(subject ? subject : "", decoded.error);
  bool schedule = false;
  {
    std::lock_guard lock(copy_mutex_);
    // This run's own records were stored when they happened; the position moves on anyway.
    if (decoded.shared && !(decoded.shared->node == id_.node && decoded.shared->boot == id_.boot))
      batch_.push_back(std::move(decoded.shared->record));
    batch_sequence_ = sequence;
    schedule = !flush_queued_;
    flush_queued_ = true;
  }
  if (schedule) flush();
}

// One history job takes everything copied until it runs: the batch grows with the load.
void HistoryStream::flush() noexcept {
  const bool queued = store_.run([this](store::HistoryDb& db) {
    std::vector<store::HistoryRecord> records;
    std::uint64_t sequence = 0;
    {
      std::lock_guard lock(copy_mutex_);
      records.swap(batch_);
      sequence = batch_sequence_;
      flush_queued_ = false;
    }
    try {
      db.insert_from_stream(stream_name_, records, sequence, store_.limits().channel_lines);
      copied_.fetch_add(records.size(), std::memory_order_relaxed);
    } catch (const store::StoreError& e) {
      spdlog::error("history: cannot store {} records from the network: {}", records.size(), e.what());
    }
  });
  if (!queued) {
    // The store is busy: the next record tries again (nothing is lost but time).
    std::lock_guard lock(copy_mutex_);
    flush_queued_ = false;
  }
}

}  // namespace chatd::cluster
