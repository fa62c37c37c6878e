#include "cluster/account_bucket.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <set>
#include <shared_mutex>

#include "account/account_service.hpp"
#include "cluster/account_codec.hpp"
#include "cluster/nats_util.hpp"
#include "irc/account_logout.hpp"
#include "irc/private_history.hpp"
#include "irc/server_context.hpp"

namespace chatd::cluster {

namespace {

using namespace std::chrono_literals;

constexpr int kCasAttempts = 5;
constexpr std::int64_t kWatchWaitMs = 500;  // between looks at stopping_

std::string account_key(const std::string& key) { return hex_key("a.", key); }
std::string certfp_key(const std::string& fp) { return "f." + fp; }

// The casefolded name an "a." key stands for; empty when it is not one.
std::string unhex(std::string_view hex) {
  std::string out;
  if (hex.size() % 2) return {};
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return {};
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

[[noreturn]] void unreachable(natsStatus s) {
  throw store::StoreError("the network's account bucket does not answer (" + status_text(s) +
                          "); try again when the cluster is whole");
}

// An answer that is neither "yes" nor "no such key / changed meanwhile" is an outage.
void check(natsStatus s) {
  if (s != NATS_OK && s != NATS_NOT_FOUND && s != NATS_ERR) unreachable(s);
}

struct Entry {
  std::string value;
  std::uint64_t revision = 0;
};

std::optional<Entry> get(kvStore* kv, const std::string& key) {
  kvEntry* e = nullptr;
  natsStatus s = kvStore_Get(&e, kv, key.c_str());
  if (s == NATS_NOT_FOUND) return std::nullopt;
  if (s != NATS_OK) unreachable(s);
  Entry out{kvEntry_ValueString(e) ? kvEntry_ValueString(e) : "", kvEntry_Revision(e)};
  kvEntry_Destroy(e);
  return out;
}

}  // namespace

AccountBucket::AccountBucket(std::string bucket, int replicas, irc::ServerContext& server, Hooks hooks)
    : bucket_(std::move(bucket)), replicas_(replicas), server_(server), hooks_(std::move(hooks)) {}

AccountBucket::~AccountBucket() { stop(); }

bool AccountBucket::start(jsCtx* js) {
  if (kv_.load()) return true;
  kvConfig cfg;
  kvConfig_Init(&cfg);
  cfg.Bucket = bucket_.c_str();
  cfg.History = 1;
  cfg.Replicas = replicas_;
  cfg.StorageType = js_FileStorage;
  kvStore* kv = nullptr;
  natsStatus s = js_CreateKeyValue(&kv, js, &cfg);
  if (s != NATS_OK) s = js_KeyValue(&kv, js, bucket_.c_str());
  if (s != NATS_OK) return false;
  kvWatchOptions wo;
  kvWatchOptions_Init(&wo);
  s = kvStore_WatchAll(&watcher_, kv, &wo);
  if (s != NATS_OK) {
    kvStore_Destroy(kv);
    return false;
  }
  kv_.store(kv);
  thread_ = std::thread([this] { watch(); });
  return true;
}

void AccountBucket::stop() noexcept {
  if (stopping_.exchange(true)) return;
  if (watcher_) kvWatcher_Stop(watcher_);
  if (thread_.joinable()) thread_.join();
  if (watcher_) kvWatcher_Destroy(watcher_);
  watcher_ = nullptr;
  // Not while the account thread is in a bucket call.
  std::unique_lock lock(kv_mutex_);
  if (kvStore* kv = kv_.exchange(nullptr)) kvStore_Destroy(kv);
}

kvStore* AccountBucket::open() const {
  kvStore* kv = kv_.load();
  if (!kv) unreachable(NATS_NOT_YET_CONNECTED);
  return kv;
}

bool AccountBucket::add(const store::AccountRow& row) {
  std::shared_lock lock(kv_mutex_);
  const std::string data = encode_account(row);
  std::uint64_t rev = 0;
  natsStatus s = kvStore_Create(&rev, open(), account_key(row.key).c_str(), data.data(), static_cast<int>(data.size()));
  check(s);
  return s == NATS_OK;
}

bool AccountBucket::remove(const std::string& key) {
  std::shared_lock lock(kv_mutex_);
  kvStore* kv = open();
  const auto entry = get(kv, account_key(key));
  if (!entry) return false;
  if (auto decoded = decode_account(entry->value); decoded.row) {
    for (const std::string& fp : decoded.row->certfps) {
      if (auto owner = get(kv, certfp_key(fp)); owner && owner->value == key)
        kvStore_Delete(kv, certfp_key(fp).c_str());
    }
  }
  natsStatus s = kvStore_Delete(kv, account_key(key).c_str());
  check(s);
  if (hooks_.forget_private_history) hooks_.forget_private_history(key);
  return s == NATS_OK;
}

bool AccountBucket::update(const std::string& key, const std::function<bool(store::AccountRow&)>& change) {
  kvStore* kv = open();
  for (int attempt = 0; attempt < kCasAttempts; ++attempt) {
    const auto entry = get(kv, account_key(key));
    if (!entry) return false;
    auto decoded = decode_account(entry->value);
    if (!decoded.row)
      throw store::StoreError("the network's copy of account " + key + " is unreadable: " + decoded.error);
    if (!change(*decoded.row)) return false;
    const std::string data = encode_account(*decoded.row);
    std::uint64_t rev = 0;
    natsStatus s =
        kvStore_Update(&rev, kv, account_key(key).c_str(), data.data(), static_cast<int>(data.size()), entry->revision);
    check(s);
    if (s == NATS_OK) return true;
  }
  throw store::StoreError("account " + key + " kept changing on other nodes; try again");
}

bool AccountBucket::set_password(const std::string& key, const std::string& password_hash) {
  std::shared_lock lock(kv_mutex_);
  return update(key, [&](store::AccountRow& row) {
    row.password_hash = password_hash;
    return true;
  });
}

bool AccountBucket::add_certfp(const std::string& key, const std::string& certfp) {
  std::shared_lock lock(kv_mutex_);
  kvStore* kv = open();
  std::uint64_t rev = 0;
  natsStatus s = kvStore_Create(&rev, kv, certfp_key(certfp).c_str(), key.data(), static_cast<int>(key.size()));
  check(s);
  if (s != NATS_OK) return false;  // it is some account's already
  const bool added = update(key, [&](store::AccountRow& row) {
    if (std::find(row.certfps.begin(), row.certfps.end(), certfp) == row.certfps.end()) row.certfps.push_back(certfp);
    std::sort(row.certfps.begin(), row.certfps.end());
    return true;
  });
  if (!added) kvStore_Delete(kv, certfp_key(certfp).c_str());
  return added;
}

bool AccountBucket::remove_certfp(const std::string& key, const std::string& certfp) {
  std::shared_lock lock(kv_mutex_);
  kvStore* kv = open();
  const auto owner = get(kv, certfp_key(certfp));
  if (!owner || owner->value != key) return false;
  update(key, [&](store::AccountRow& row) {
    std::erase(row.certfps, certfp);
    return true;
  });
  check(kvStore_Delete(kv, certfp_key(certfp).c_str()));
  return true;
}

void AccountBucket::on_account_thread(account::AccountService::Job job) {
  account::AccountService* accounts = server_.accounts;
  // A full queue is waited out: a change of the network is never skipped.
  while (!stopping_.load() && !accounts->run(job)) {
    std::this_thread::sleep_for(50ms);
  }
}

void AccountBucket::copy_put(const store::AccountRow& row) {
  on_account_thread([row](store::AccountDb& db, account::AccountDirectory& directory) {
    try {
      db.put_copy(row);
      directory.add(row.name);
    } catch (const store::StoreError& e) {
      spdlog::error("accounts: cannot copy account {} from the network: {}", row.name, e.what());
    }
  });
}

void AccountBucket::copy_delete(const std::string& key) {
  irc::ServerContext* server = &server_;
  on_account_thread([key, server](store::AccountDb& db, account::AccountDirectory& directory) {
    try {
      const auto row = db.find(key);
      if (!row) return;
      db.remove_copy(key);
      directory.remove(row->name);
      irc::log_out_everywhere(*server, row->name);
      if (server->history) {
        const std::string prefix = irc::private_history_prefix(row->name);
        server->history->run([prefix](store::HistoryDb& h) {
          try {
            h.forget_prefix(prefix);
          } catch (const store::StoreError& e) {
            spdlog::error("history: cannot delete the private history of a deleted account: {}", e.what());
          }
        });
      }
    } catch (const store::StoreError& e) {
      spdlog::error("accounts: cannot delete account {} as the network did: {}", key, e.what());
    }
  });
}

// A node that ran alone before keeps its accounts: whatever the network has never heard of
// (neither an account nor a deletion) is created there, unless another node took the name.
void AccountBucket::upload_missing(std::vector<std::string> seen) {
  on_account_thread([this, seen = std::set<std::string>(seen.begin(), seen.end())](store::AccountDb& db,
                                                                                   account::AccountDirectory&) {
    try {
      std::shared_lock lock(kv_mutex_);
      std::size_t uploaded = 0;
      for (const store::AccountRow& listed : db.list()) {
        if (seen.count(listed.key)) continue;
        const auto row = db.find(listed.key);
        if (!row) continue;
        const std::string data = encode_account(*row);
        std::uint64_t rev = 0;
        if (kvStore_Create(&rev, open(), account_key(row->key).c_str(), data.data(), static_cast<int>(data.size())) ==
            NATS_OK)
          ++uploaded;
      }
      if (uploaded) spdlog::info("accounts: {} accounts of this node's storage were added to the network", uploaded);
    } catch (const store::StoreError& e) {
      spdlog::error("accounts: cannot add this node's accounts to the network: {}", e.what());
    }
  });
}

void AccountBucket::watch() noexcept {
  std::vector<std::string> seen;
  bool initial = true;
  while (!stopping_.load()) {
    kvEntry* e = nullptr;
    natsStatus s = kvWatcher_Next(&e, watcher_, kWatchWaitMs);
    if (s == NATS_TIMEOUT) continue;
    if (s != NATS_OK) {
      if (stopping_.load()) break;
      std::this_thread::sleep_for(100ms);
      continue;
    }
    if (!e) {  // the whole bucket has been read
      if (initial) upload_missing(std::move(seen));
      initial = false;
      seen.clear();
      continue;
    }
    const std::string key = kvEntry_Key(e) ? kvEntry_Key(e) : "";
    const kvOperation op = kvEntry_Operation(e);
    std::string value(kvEntry_ValueString(e) ? kvEntry_ValueString(e) : "");
    kvEntry_Destroy(e);
    if (!key.starts_with("a.")) continue;  // "f." keys: the accounts carry their fingerprints
    const std::string folded = unhex(std::string_view(key).substr(2));
    if (folded.empty()) {
      if (hooks_.bad) hooks_.bad(key, "not an account key");
      continue;
    }
    if (initial) seen.push_back(folded);
    if (op == kvOp_Delete || op == kvOp_Purge) {
      copy_delete(folded);
      continue;
    }
    auto decoded = decode_account(value);
    if (decoded.row && decoded.row->key != folded) decoded = {std::nullopt, "the account's key is not its entry's"};
    if (!decoded.row) {
      if (hooks_.bad) hooks_.bad(key, decoded.error);
      continue;
    }
    copy_put(*decoded.row);
  }
}

}  // namespace chatd::cluster
