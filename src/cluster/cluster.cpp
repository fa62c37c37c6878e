#include "cluster/cluster.hpp"

#include <nats/nats.h>
#include <spdlog/spdlog.h>
#include <sys/random.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <variant>

#include "account/account_service.hpp"
#include "cluster/account_bucket.hpp"
#include "cluster/history_stream.hpp"
#include "cluster/nats_util.hpp"
#include "cluster/remote_state.hpp"
#include "cluster/snapshot.hpp"
#include "irc/server_context.hpp"

namespace chatd::cluster {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto kHeartbeat = 1s;
constexpr auto kRetry = 500ms;
constexpr auto kDrainTime = 2s;                  // at most, at shutdown
constexpr std::size_t kMaxQueued = 65536;        // events waiting for JetStream; past it they are dropped
constexpr std::int64_t kJetStreamWaitMs = 2000;  // one request's answer, then a retry
constexpr std::int64_t kNs = 1'000'000'000;
constexpr auto kChannelClaimAge = 5s;                    // longer than any event takes to reach every node
constexpr std::int64_t kStreamMaxAge = 24 * 3600 * kNs;  // events only carry the live network
constexpr std::int64_t kStreamMaxBytes = 256LL << 20;    // reserved on each replica's server
constexpr std::int64_t kDuplicateWindow = 120 * kNs;
// One stream message carries every event queued meanwhile, up to these: the node's rate is
// then not one event per JetStream round trip, and a message stays under NATS's 1 MB payload.
constexpr std::size_t kMaxBatchEvents = 512;
constexpr std::size_t kMaxBatchBytes = 512 * 1024;

std::string random_boot() {
  unsigned char bytes[8];
  if (getrandom(bytes, sizeof bytes, 0) != sizeof bytes) {
    auto now = static_cast<std::uint64_t>(Clock::now().time_since_epoch().count());
    for (unsigned char& b : bytes) b = static_cast<unsigned char>(now >>= 8);
  }
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

}  // namespace

struct Cluster::Impl {
  struct ClaimJob {
    std::string name;
    bool channel = false;
    std::function<void(Claim)> answer;
  };
  struct Release {
    std::string nick;
  };
  struct Burst {};
  using Job = std::variant<Event, ClaimJob, Release, Burst>;

  struct Peer {
    std::string boot;
    Clock::time_point seen;
  };

  Impl(config::ClusterSection c, irc::ServerContext& s)
      : config(std::move(c)),
        server(s),
        remote(s),
        boot(random_boot()),
        events_subject(config.subject_prefix + ".ev." + config.node),
        heartbeat_subject(config.subject_prefix + ".hb." + config.node),
        stream_name(config.subject_prefix + "_events"),
        bucket_name(config.subject_prefix + "_nicks") {
    auto bad = [this](std::string_view subject, const std::string& why) { warn_bad(subject, why); };
    const int copies = static_cast<int>(config.replicas);
    if (server.history)
      history = std::make_unique<HistoryStream>(
          HistoryStream::Identity{config.subject_prefix, config.node, boot, copies}, *server.history, bad);
    if (server.accounts) {
      AccountBucket::Hooks hooks{bad, [this](const std::string& key) {
                                   if (history) history->forget_account(key);
                                 }};
      accounts = std::make_unique<AccountBucket>(config.subject_prefix + "_accounts", copies, server, std::move(hooks));
    }
  }

  config::ClusterSection config;
  irc::ServerContext& server;
  RemoteState remote;
  const std::string boot;
  const std::string events_subject, heartbeat_subject, stream_name, bucket_name;
  const Clock::time_point started = Clock::now();

  natsOptions* options = nullptr;
  natsConnection* connection = nullptr;
  jsCtx* js = nullptr;
  kvStore* kv = nullptr;               // cluster thread only
  bool joined = false;                 // cluster thread only: stream, buckets and consumers all set up
  natsSubscription* events = nullptr;  // cluster thread only
  natsSubscription* heartbeats = nullptr;
  std::unique_ptr<HistoryStream> history;   // with [history] on
  std::unique_ptr<AccountBucket> accounts;  // with [accounts] on

  std::thread thread;
  mutable std::mutex mutex;  // jobs, stopping, peers
  std::condition_variable wake;
  std::deque<Job> jobs;
  bool stopping = false;
  std::map<std::string, Peer> peers;
  Clock::time_point settled;  // peers are known once heartbeats have had time to arrive

  std::atomic<bool> connected{false}, quorum{false};
  std::atomic<std::uint64_t> published{0}, received{0}, malformed{0}, dropped{0}, nodes_lost{0}, sequence{0};
  Clock::time_point last_bad_warning{};
  std::mutex warn_mutex;

  // --- setup, on the cluster thread until it succeeds
  bool ensure_stream() {
    jsStreamConfig cfg;
    jsStreamConfig_Init(&cfg);
    std::string subjects = config.subject_prefix + ".ev.>";
    const char* list[] = {subjects.c_str()};
    cfg.Name = stream_name.c_str();
    cfg.Subjects = list;
    cfg.SubjectsLen = 1;
    cfg.Storage = js_FileStorage;
    cfg.Replicas = static_cast<int64_t>(config.replicas);
    cfg.MaxAge = kStreamMaxAge;
    cfg.MaxBytes = kStreamMaxBytes;
    cfg.Duplicates = kDuplicateWindow;
    jsErrCode err = static_cast<jsErrCode>(0);
    jsStreamInfo* info = nullptr;
    natsStatus s = js_AddStream(&info, js, &cfg, nullptr, &err);
    if (s != NATS_OK && err == JSStreamNameExistErr) s = js_UpdateStream(&info, js, &cfg, nullptr, &err);
    if (info) jsStreamInfo_Destroy(info);
    if (s != NATS_OK) {
      setup_failed(fmt::format("cannot create the event stream {}: {}", stream_name, status_text(s)));
      return false;
    }
    return true;
  }

  bool ensure_bucket() {
    if (kv) return true;
    kvConfig cfg;
    kvConfig_Init(&cfg);
    cfg.Bucket = bucket_name.c_str();
    cfg.History = 1;
    cfg.Replicas = static_cast<int>(config.replicas);
    cfg.StorageType = js_FileStorage;
    natsStatus s = js_CreateKeyValue(&kv, js, &cfg);
    if (s != NATS_OK) s = js_KeyValue(&kv, js, bucket_name.c_str());
    if (s != NATS_OK) {
      kv = nullptr;
      setup_failed(fmt::format("cannot open the nick bucket {}: {}", bucket_name, status_text(s)));
      return false;
    }
    return true;
  }

  bool ensure_subscription() {
    if (events) return true;
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Ordered = true;
    so.Stream = stream_name.c_str();
    so.Config.DeliverPolicy = js_DeliverNew;
    jsErrCode err = static_cast<jsErrCode>(0);
    std::string filter = config.subject_prefix + ".ev.>";
    natsStatus s = js_Subscribe(&events, js, filter.c_str(), &Impl::on_event, this, nullptr, &so, &err);
    if (s != NATS_OK) {
      events = nullptr;
      setup_failed(fmt::format("cannot subscribe to the event stream: {}", status_text(s)));
      return false;
    }
    return true;
  }

  // Setup is retried every second while JetStream is away: say why once, not every second.
  bool setup_warned = false;  // cluster thread only
  void setup_failed(const std::string& why) {
    if (setup_warned) return;
    setup_warned = true;
    spdlog::warn("cluster: {}; retrying every second", why);
  }

  bool ready() {
    if (joined) return true;
    if (!connected.load()) return false;
    const bool ok = ensure_stream() && ensure_bucket() && ensure_subscription() &&
                    (!history || history->start(js, connection)) && (!accounts || accounts->start(js));
    quorum.store(ok);
    if (!ok) return false;
    joined = true;
    setup_warned = false;
    spdlog::info("cluster: node {} joined the network (stream {}, bucket {})", config.node, stream_name, bucket_name);
    return true;
  }

  // --- incoming, on NATS threads
  static void on_event(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
    auto* self = static_cast<Impl*>(closure);
    self->take_event(msg);
    natsMsg_Destroy(msg);
  }

  void warn_bad(std::string_view subject, const std::string& why) {
    malformed.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(warn_mutex);
    const auto now = Clock::now();
    if (now - last_bad_warning < 10s) return;
    last_bad_warning = now;
    spdlog::warn("cluster: dropped a malformed message on {}: {} ({} so far)", subject, why, malformed.load());
  }

  // A stream message holds one event per line, in the sending node's order.
  void take_event(natsMsg* msg) {
    const char* subject = natsMsg_GetSubject(msg);
    std::string_view data(natsMsg_GetData(msg), static_cast<std::size_t>(natsMsg_GetDataLength(msg)));
    while (!data.empty()) {
      const auto end = data.find('\n');
      take_line(subject, data.substr(0, end));
      data.remove_prefix(end == std::string_view::npos ? data.size() : end + 1);
    }
  }

  void take_line(const char* subject, std::string_view line) {
    Decoded decoded = decode(line);
    if (!decoded.event) return warn_bad(subject ? subject : "", decoded.error);
    Event& e = *decoded.event;
    const std::string expected = config.subject_prefix + ".ev." + e.node;
    if (!subject || expected != subject) return warn_bad(subject ? subject : "", "names another node than its subject");
    if (e.node == config.node) return;  // ours: applied when it happened
    received.fetch_add(1, std::memory_order_relaxed);
    try {
      remote.apply(e);
    } catch (const std::exception& ex) {
      spdlog::error("cluster: applying a {} event from {} failed: {}", type_name(e.type), e.node, ex.what());
    }
  }

  static void on_heartbeat(natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
    auto* self = static_cast<Impl*>(closure);
    self->take_heartbeat(msg);
    natsMsg_Destroy(msg);
  }

  void take_heartbeat(natsMsg* msg) {
    std::string_view subject = natsMsg_GetSubject(msg);
    std::string_view boot_id(natsMsg_GetData(msg), static_cast<std::size_t>(natsMsg_GetDataLength(msg)));
    const std::string prefix = config.subject_prefix + ".hb.";
    if (!subject.starts_with(prefix) || boot_id.empty() || boot_id.size() > 64)
      return warn_bad(subject, "bad heartbeat");
    std::string node(subject.substr(prefix.size()));
    if (node == config.node) {
      if (boot_id != boot) spdlog::error("cluster: another process runs as node {}; node names must be unique", node);
      return;
    }
    bool fresh = false, restarted = false;
    {
      std::lock_guard lock(mutex);
      if (!peers.count(node) && peers.size() >= kMaxNodes) return warn_bad(subject, "more nodes than chatd keeps");
      auto [it, inserted] = peers.try_emplace(node);
      restarted = !inserted && it->second.boot != boot_id;
      fresh = inserted || restarted;
      it->second.boot = std::string(boot_id);
      it->second.seen = Clock::now();
      if (fresh) jobs.emplace_back(Burst{});
    }
    if (restarted) {
      auto count = remote.drop_node(node, "*.net *.split");
      spdlog::info("cluster: node {} restarted; {} of its users quit", node, count);
    }
    if (fresh) {
      spdlog::info("cluster: node {} is up", node);
      wake.notify_one();
    }
  }

  static void on_disconnected(natsConnection*, void* closure) {
    auto* self = static_cast<Impl*>(closure);
    self->connected.store(false);
    self->quorum.store(false);
    spdlog::warn("cluster: lost the NATS connection; reconnecting");
  }

  static void on_reconnected(natsConnection* nc, void* closure) {
    auto* self = static_cast<Impl*>(closure);
    self->connected.store(true);
    char url[256] = "";
    natsConnection_GetConnectedUrl(nc, url, sizeof url);
    spdlog::info("cluster: connected to NATS at {}", url);
    self->wake.notify_one();
  }

  // --- the cluster thread
  void run() {
    auto next_beat = Clock::now();
    while (true) {
      Job job;
      bool have = false;
      std::vector<Event> batch;
      {
        std::unique_lock lock(mutex);
        wake.wait_until(lock, next_beat, [&] { return stopping || (!jobs.empty() && can_run(jobs.front())); });
        if (stopping) break;
        if (!jobs.empty() && can_run(jobs.front())) {
          job = std::move(jobs.front());
          jobs.pop_front();
          have = true;
          // The events right behind it go in the same message; claims and bursts keep their place.
          if (auto* first = std::get_if<Event>(&job)) {
            batch.push_back(std::move(*first));
            while (batch.size() < kMaxBatchEvents && !jobs.empty() && std::holds_alternative<Event>(jobs.front())) {
              batch.push_back(std::move(std::get<Event>(jobs.front())));
              jobs.pop_front();
            }
          }
        }
      }
      if (Clock::now() >= next_beat) {
        beat();
        next_beat = Clock::now() + kHeartbeat;
      }
      if (!ready()) {
        requeue(batch);
        continue;
      }
      if (!batch.empty()) {
        store(batch);
      } else if (have) {
        run_job(job);
      }
    }
  }

  // Claims wait until the peers' heartbeats have had time to arrive: a node that has just
  // started must not take a live node's nick for a dead one's.
  bool can_run(const Job& job) const {
    if (std::holds_alternative<ClaimJob>(job) || std::holds_alternative<Release>(job))
      return Clock::now() >= settled && joined;
    return joined;
  }

  void beat() {
    // Not before this node's consumer exists: a heartbeat makes the others send their bursts,
    // which it must be there to read.
    if (connected.load() && events) natsConnection_PublishString(connection, heartbeat_subject.c_str(), boot.c_str());
    std::vector<std::string> dead;
    {
      std::lock_guard lock(mutex);
      const auto limit = Clock::now() - std::chrono::seconds(config.node_timeout);
      for (auto it = peers.begin(); it != peers.end();) {
        if (it->second.seen < limit) {
          dead.push_back(it->first);
          it = peers.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (const auto& node : dead) {
      nodes_lost.fetch_add(1, std::memory_order_relaxed);
      auto count = remote.drop_node(node, "*.net *.split");
      spdlog::warn("cluster: node {} sent no heartbeat for {} s: declared dead, {} of its users quit", node,
                   config.node_timeout, count);
    }
    if (events && kv && connected.load()) probe();
  }

  // Keeps has_quorum() true to the second while nothing is published.
  void probe() {
    jsAccountInfo* info = nullptr;
    jsOptions o;
    jsOptions_Init(&o);
    o.Wait = 500;
    natsStatus s = js_GetAccountInfo(&info, js, &o, nullptr);
    if (info) jsAccountInfo_Destroy(info);
    quorum.store(s == NATS_OK);
  }

  // Events taken before the stream was found ready go back to the front, in order.
  void requeue(std::vector<Event>& batch) {
    std::lock_guard lock(mutex);
    for (auto it = batch.rbegin(); it != batch.rend(); ++it) jobs.emplace_front(std::move(*it));
    batch.clear();
  }

  void run_job(Job& job) {
    if (std::holds_alternative<Burst>(job)) {
      Event burst;
      {
        sys::MutexLock lock(server.registry.mutex());
        burst = local_burst(server.registry, server.server_name);
      }
      burst.node = config.node;
      burst.boot = boot;
      store_message(encode(burst), 1);
      return;
    }
    if (auto* c = std::get_if<ClaimJob>(&job)) return c->answer(c->channel ? claim_channel(c->name) : claim(c->name));
    if (auto* r = std::get_if<Release>(&job)) return release(r->nick);
  }

  // Consecutive events, one per line, in as few messages as the size cap allows.
  void store(const std::vector<Event>& batch) {
    std::string data;
    std::size_t count = 0;
    for (const Event& e : batch) {
      std::string line = encode(e);
      if (count > 0 && data.size() + line.size() + 1 > kMaxBatchBytes) {
        if (!store_message(data, count)) return;
        data.clear();
        count = 0;
      }
      if (count > 0) data += '\n';
      data += line;
      ++count;
    }
    if (count > 0) store_message(data, count);
  }

  // Until it is stored (true) or the node stops: a message accepted here is never dropped for
  // a NATS outage (the queue's cap aside). The msgid makes a retry after a lost ack harmless.
  bool store_message(const std::string& data, std::size_t events) {
    const std::string msgid = config.node + "-" + boot + "-" + std::to_string(sequence.fetch_add(1) + 1);
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MsgId = msgid.c_str();
    po.MaxWait = kJetStreamWaitMs;
    bool warned = false;
    while (true) {
      jsErrCode err = static_cast<jsErrCode>(0);
      jsPubAck* ack = nullptr;
      natsStatus s =
          js_Publish(&ack, js, events_subject.c_str(), data.data(), static_cast<int>(data.size()), &po, &err);
      if (ack) jsPubAck_Destroy(ack);
      if (s == NATS_OK) {
        quorum.store(true);
        published.fetch_add(events, std::memory_order_relaxed);
        if (warned) spdlog::info("cluster: the event stream takes events again");
        return true;
      }
      quorum.store(false);
      if (!warned) spdlog::warn("cluster: storing an event failed ({}); retrying", status_text(s));
      warned = true;
      std::vector<ClaimJob> claims;
      {
        std::unique_lock lock(mutex);
        if (wake.wait_for(lock, kRetry, [&] { return stopping; })) return false;
        // Claims queued behind this event would wait for the whole outage: they are answered
        // now, as the bucket would answer them (it is just as unreachable).
        for (auto it = jobs.begin(); it != jobs.end();) {
          if (auto* c = std::get_if<ClaimJob>(&*it)) {
            claims.push_back(std::move(*c));
            it = jobs.erase(it);
          } else {
            ++it;
          }
        }
      }
      for (auto& c : claims) c.answer(Claim::kUnavailable);
      beat();
    }
  }

  // Creates `key` with this node as its owner. When it exists, `judge(owner, age)` decides:
  // an answer, or nullopt when the holder's claim is stale and is taken over by compare-and-set
  // on its revision (of several nodes doing that at once, one wins).
  using Judge = std::function<std::optional<Claim>(const std::string& owner, Clock::duration age)>;
  Claim claim_key(const std::string& key, const Judge& judge) {
    const std::string mine = config.node + " " + boot;
    std::uint64_t rev = 0;
    natsStatus s = kvStore_Create(&rev, kv, key.c_str(), mine.data(), static_cast<int>(mine.size()));
    if (s == NATS_OK) {
      quorum.store(true);
      return Claim::kClaimed;
    }
    if (is_unavailable(s)) {
      quorum.store(false);
      return Claim::kUnavailable;
    }
    kvEntry* entry = nullptr;
    s = kvStore_Get(&entry, kv, key.c_str());
    if (s != NATS_OK) return is_unavailable(s) ? Claim::kUnavailable : Claim::kTaken;
    const std::string owner = kvEntry_ValueString(entry) ? kvEntry_ValueString(entry) : "";
    const std::uint64_t last = kvEntry_Revision(entry);
    const auto created =
        std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::nanoseconds(kvEntry_Created(entry))));
    kvEntry_Destroy(entry);
    const auto age = std::chrono::duration_cast<Clock::duration>(std::chrono::system_clock::now() - created);
    if (auto answer = judge(owner, age)) return *answer;
    s = kvStore_UpdateString(&rev, kv, key.c_str(), mine.c_str(), last);
    if (s == NATS_OK) return Claim::kClaimed;
    return is_unavailable(s) ? Claim::kUnavailable : Claim::kTaken;
  }

  // A nick is free when its holder is a node that died or restarted.
  Claim claim(const std::string& nick) {
    return claim_key(name_key("n.", nick), [this](const std::string& owner, Clock::duration) -> std::optional<Claim> {
      if (owner == config.node + " " + boot) return Claim::kClaimed;
      if (alive(owner)) return Claim::kTaken;
      return std::nullopt;
    });
  }

  // A channel's key says which node created it. It is not removed when the channel empties
  // (no node knows it is the last to see it so), so a key older than kChannelClaimAge whose
  // channel this node does not see, or whose creator is gone, is stale.
  Claim claim_channel(const std::string& name) {
    return claim_key(name_key("c.", name),
                     [this, &name](const std::string& owner, Clock::duration age) -> std::optional<Claim> {
                       bool seen = false;
                       {
                         sys::MutexLock lock(server.registry.mutex());
                         const chat::Channel* channel = server.registry.find_channel(name);
                         seen = channel && !channel->empty();
                       }
                       if (seen || (alive(owner) && age < kChannelClaimAge)) return Claim::kTaken;
                       return std::nullopt;
                     });
  }

  // A stopping node answers at once: nobody will run the job.
  void queue_claim(ClaimJob job) {
    {
      std::lock_guard lock(mutex);
      if (!stopping) {
        jobs.emplace_back(std::move(job));
        job.answer = nullptr;
      }
    }
    if (job.answer) return job.answer(Claim::kUnavailable);
    wake.notify_one();
  }

  bool alive(const std::string& owner) {
    const auto space = owner.find(' ');
    if (space == std::string::npos) return false;
    const std::string node = owner.substr(0, space), owner_boot = owner.substr(space + 1);
    if (node == config.node) return owner_boot == boot;
    std::lock_guard lock(mutex);
    auto it = peers.find(node);
    return it != peers.end() && it->second.boot == owner_boot;
  }

  void release(const std::string& nick) {
    {
      // Two sessions here may both have been told the nick is this node's; the one that lost
      // the race gives nothing up while the other holds it.
      sys::MutexLock lock(server.registry.mutex());
      chat::User* holder = server.registry.find_user(nick);
      if (holder && holder->server.empty()) return;
    }
    const std::string key = name_key("n.", nick);
    kvEntry* entry = nullptr;
    if (kvStore_Get(&entry, kv, key.c_str()) != NATS_OK) return;
    const std::string owner = kvEntry_ValueString(entry) ? kvEntry_ValueString(entry) : "";
    kvEntry_Destroy(entry);
    if (owner == config.node + " " + boot) kvStore_Delete(kv, key.c_str());
  }
};

Cluster::Cluster(config::ClusterSection config, irc::ServerContext& server)
    : impl_(std::make_unique<Impl>(std::move(config), server)) {}

Cluster::~Cluster() { stop(); }

const std::string& Cluster::node() const noexcept { return impl_->config.node; }

void Cluster::start() {
  Impl& m = *impl_;
  auto fail = [](const char* what, natsStatus s) {
    throw std::runtime_error(std::string("cluster: ") + what + ": " + status_text(s));
  };
  natsStatus s = natsOptions_Create(&m.options);
  if (s != NATS_OK) fail("NATS options", s);
  std::vector<const char*> urls;
  for (const auto& url : m.config.nats) urls.push_back(url.c_str());
  const std::string name = "chatd node " + m.config.node;
  s = natsOptions_SetServers(m.options, urls.data(), static_cast<int>(urls.size()));
  if (s == NATS_OK) s = natsOptions_SetName(m.options, name.c_str());
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(m.options, -1);
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(m.options, 250);
  if (s == NATS_OK) s = natsOptions_SetDisconnectedCB(m.options, &Impl::on_disconnected, &m);
  if (s == NATS_OK) s = natsOptions_SetReconnectedCB(m.options, &Impl::on_reconnected, &m);
  if (s == NATS_OK) s = natsOptions_SetRetryOnFailedConnect(m.options, true, &Impl::on_reconnected, &m);
  if (s == NATS_OK && !m.config.credentials.empty())
    s = natsOptions_SetUserCredentialsFromFiles(m.options, m.config.credentials.c_str(), nullptr);
  if (s != NATS_OK) fail("NATS options", s);
  s = natsConnection_Connect(&m.connection, m.options);
  if (s == NATS_OK) {
    m.connected.store(true);
    char url[256] = "";
    natsConnection_GetConnectedUrl(m.connection, url, sizeof url);
    spdlog::info("cluster: node {} connected to NATS at {}", m.config.node, url);
  } else if (s == NATS_NOT_YET_CONNECTED) {
    spdlog::warn("cluster: no NATS server answers yet; node {} keeps trying", m.config.node);
  } else {
    fail("connecting to NATS", s);
  }
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.Wait = kJetStreamWaitMs;
  s = natsConnection_JetStream(&m.js, m.connection, &jo);
  if (s != NATS_OK) fail("JetStream context", s);
  const std::string beats = m.config.subject_prefix + ".hb.*";
  s = natsConnection_Subscribe(&m.heartbeats, m.connection, beats.c_str(), &Impl::on_heartbeat, &m);
  if (s != NATS_OK) fail("heartbeat subscription", s);
  m.settled = Clock::now() + 2 * kHeartbeat + 500ms;
  // Before anyone records or changes an account: from now on both go to the network first.
  if (m.history)
    m.server.history->set_tee([history = m.history.get()](const store::HistoryRecord& r) { history->share(r); });
  if (m.accounts) {
    m.server.accounts->run(
        [bucket = m.accounts.get()](store::AccountDb& db, account::AccountDirectory&) { db.set_replica(bucket); });
  }
  m.thread = std::thread([&m] { m.run(); });
}

void Cluster::stop() noexcept {
  Impl& m = *impl_;
  // The QUITs of a graceful shutdown are queued last: give the thread a moment to store them,
  // so the other nodes show "Quit"/"Server shutting down", not a split after node_timeout.
  const auto deadline = Clock::now() + kDrainTime;
  while (Clock::now() < deadline) {
    {
      std::lock_guard lock(m.mutex);
      if (m.stopping) return;
      if (m.jobs.empty() || !m.quorum.load()) break;
    }
    std::this_thread::sleep_for(10ms);
  }
  {
    std::lock_guard lock(m.mutex);
    if (m.stopping) return;
    m.stopping = true;
  }
  m.wake.notify_all();
  if (m.thread.joinable()) m.thread.join();
  if (m.history) m.history->stop();
  if (m.accounts) m.accounts->stop();
  if (m.connection) natsConnection_Close(m.connection);
  if (m.events) natsSubscription_Destroy(m.events);
  if (m.heartbeats) natsSubscription_Destroy(m.heartbeats);
  if (m.kv) kvStore_Destroy(m.kv);
  if (m.js) jsCtx_Destroy(m.js);
  if (m.connection) natsConnection_Destroy(m.connection);
  if (m.options) natsOptions_Destroy(m.options);
  // Waits for every library thread (and so every callback into RemoteState) to finish; it
  // returns at once only when every object above is already destroyed, so it comes last.
  nats_CloseAndWait(5000);
  m.events = m.heartbeats = nullptr;
  m.kv = nullptr;
  m.js = nullptr;
  m.connection = nullptr;
  m.options = nullptr;
}

void Cluster::publish(Event event) {
  Impl& m = *impl_;
  event.node = m.config.node;
  event.boot = m.boot;
  {
    std::lock_guard lock(m.mutex);
    if (m.jobs.size() >= kMaxQueued) {
      m.dropped.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    m.jobs.emplace_back(std::move(event));
  }
  m.wake.notify_one();
}

void Cluster::claim_nick(std::string nick, std::function<void(Claim)> answer) {
  impl_->queue_claim(Impl::ClaimJob{std::move(nick), false, std::move(answer)});
}

void Cluster::claim_channel(std::string channel, std::function<void(Claim)> answer) {
  impl_->queue_claim(Impl::ClaimJob{std::move(channel), true, std::move(answer)});
}

void Cluster::release_nick(std::string nick) {
  Impl& m = *impl_;
  {
    std::lock_guard lock(m.mutex);
    m.jobs.emplace_back(Impl::Release{std::move(nick)});
  }
  m.wake.notify_one();
}

void Cluster::set_history_limits(store::HistoryLimits limits) {
  if (impl_->history) impl_->history->set_limits(limits);
}

bool Cluster::has_quorum() const noexcept { return impl_->quorum.load(std::memory_order_relaxed); }

ClusterStatus Cluster::status() const {
  Impl& m = *impl_;
  ClusterStatus out;
  out.node = m.config.node;
  out.boot = m.boot;
  out.connected = m.connected.load();
  out.jetstream = m.quorum.load();
  if (out.connected && m.connection) {
    char url[256] = "";
    if (natsConnection_GetConnectedUrl(m.connection, url, sizeof url) == NATS_OK) out.nats_url = url;
  }
  out.published = m.published.load();
  out.received = m.received.load();
  out.malformed = m.malformed.load();
  out.dropped = m.dropped.load();
  out.nodes_lost = m.nodes_lost.load();
  auto users = m.remote.users_per_node();
  std::lock_guard lock(m.mutex);
  out.queued = m.jobs.size();
  const auto now = Clock::now();
  for (const auto& [node, peer] : m.peers) {
    out.peers.push_back({node, peer.boot, std::chrono::duration<double>(now - peer.seen).count(), users[node]});
  }
  return out;
}

}  // namespace chatd::cluster
