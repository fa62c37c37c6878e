// AccountDb: the accounts tables of the [storage] database. An account is keyed by its
// casefolded name (the caller folds: the store knows no IRC); certificate fingerprints are
// lowercase hex SHA-256 (64 characters), each tied to at most one account. Synchronous: the
// account thread (account/account_service.hpp) is its only user in chatd, tests drive it
// directly. Opening it runs the shared schema migrations (schema.hpp). In a cluster a replica
// (account_replica.hpp) decides every change first; the tables are then this node's copy.
//
// Thread rules: one thread at a time (the account thread).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite.hpp"

namespace chatd::store {

struct AccountRow {
  std::string key;   // casefolded name
  std::string name;  // as created
  std::string password_hash;
  std::int64_t created_ms = 0;
  std::vector<std::string> certfps;  // sorted
};

class AccountReplica;

class AccountDb {
 public:
  explicit AccountDb(const std::string& path);

  // From now on the changes below go to `replica` first (it outlives this object).
  void set_replica(AccountReplica* replica) noexcept { replica_ = replica; }
  // The replica's copy of one account, as every node changed it: stored as it is, its
  // fingerprints replacing the ones it had (a fingerprint moves to it from any other account).
  void put_copy(const AccountRow& row);
  // The replica's copy of a deletion; false when there was nothing here.
  bool remove_copy(const std::string& key);

  // False when an account with that key exists.
  bool add(const AccountRow& row);
  // False when there is no such account. Its fingerprints go with it.
  bool remove(const std::string& key);
  bool set_password(const std::string& key, const std::string& password_hash);
  std::optional<AccountRow> find(const std::string& key);
  // Every account, by key; the fingerprints are left out (show asks find()).
  std::vector<AccountRow> list();
  // The key of the account `certfp` belongs to.
  std::optional<std::string> owner_of(const std::string& certfp);
  // False when `certfp` already belongs to an account (this one or another).
  bool add_certfp(const std::string& key, const std::string& certfp);
  // False when `certfp` is not this account's.
  bool remove_certfp(const std::string& key, const std::string& certfp);

 private:
  Database db_;
  AccountReplica* replica_ = nullptr;
};

}  // namespace chatd::store
