// AccountBucket: the network's accounts (doc/CLUSTER.md), in the JetStream key-value bucket
// "<prefix>_accounts": "a.<hex of the casefolded name>" holds the account (account_codec.hpp),
// "f.<fingerprint>" the key of the account a certificate belongs to. Every change is a
// compare-and-set there (two nodes creating one name at once: one gets "exists"), made on
// the account thread as the AccountDb's replica (store/account_replica.hpp).
//
// Each node keeps its [storage] tables as a copy: a watcher thread reads every change of the
// bucket (first its whole content, then each change as it happens) and hands it to the
// account thread, which writes it and updates the directory; an account deleted elsewhere
// logs its users out here and its private history goes. Logins (SASL) read the copy, so they
// never wait for NATS. Accounts a node had before it joined a network are uploaded once.
//
// Thread rules: the replica methods run on the account thread; start() and stop() on the
// cluster's thread / at shutdown.
#pragma once

#include <atomic>
#include <functional>
#include <shared_mutex>
#include <string>
#include <thread>

#include "store/account_replica.hpp"

typedef struct __jsCtx jsCtx;
typedef struct __kvStore kvStore;
typedef struct __kvWatcher kvWatcher;

namespace chatd::irc {
class ServerContext;
}
namespace chatd::account {
class AccountDirectory;
}

namespace chatd::cluster {

class AccountBucket final : public store::AccountReplica {
 public:
  struct Hooks {
    // A malformed entry: counted and warned about by the cluster.
    std::function<void(std::string_view key, const std::string& why)> bad;
    // An account is gone: its private conversations leave the network's history.
    std::function<void(const std::string& account_key)> forget_private_history;
  };

  AccountBucket(std::string bucket, int replicas, irc::ServerContext& server, Hooks hooks);
  ~AccountBucket() override;

  // Opens (or creates) the bucket and starts the watcher; false while JetStream does not
  // answer (the caller retries). Then the replica methods work.
  bool start(jsCtx* js);
  void stop() noexcept;

  bool add(const store::AccountRow& row) override;
  bool remove(const std::string& key) override;
  bool set_password(const std::string& key, const std::string& password_hash) override;
  bool add_certfp(const std::string& key, const std::string& certfp) override;
  bool remove_certfp(const std::string& key, const std::string& certfp) override;

 private:
  kvStore* open() const;  // throws StoreError until start() succeeded; kv_mutex_ held (shared)
  // Reads the account, lets `change` edit it and writes it back if the revision is still the
  // one read (retried a few times); false when there is no such account or `change` says no.
  bool update(const std::string& key, const std::function<bool(store::AccountRow&)>& change);
  void watch() noexcept;
  void copy_put(const store::AccountRow& row);
  void copy_delete(const std::string& key);
  void upload_missing(std::vector<std::string> seen);
  void on_account_thread(std::function<void(store::AccountDb&, account::AccountDirectory&)> job);

  const std::string bucket_;
  const int replicas_;
  irc::ServerContext& server_;
  Hooks hooks_;
  std::shared_mutex kv_mutex_;  // shared: a call into the bucket; exclusive: destroying it
  std::atomic<kvStore*> kv_{nullptr};
  kvWatcher* watcher_ = nullptr;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace chatd::cluster
