// AccountReplica: where an AccountDb's changes are decided when the accounts are not this
// node's alone (cluster: the network's account bucket, doc/CLUSTER.md). Each change is made
// there first, with its answer (false: exists already / no such account / not its
// fingerprint), and only then in the local tables, which the replica keeps filled with every
// node's changes. A replica that cannot be reached throws StoreError: the change is refused
// and the caller says so, as for a failing disk.
//
// Thread rules: the account thread's (the AccountDb's owner).
#pragma once

#include <string>

#include "store/account_db.hpp"

namespace chatd::store {

class AccountReplica {
 public:
  virtual ~AccountReplica() = default;
  virtual bool add(const AccountRow& row) = 0;
  virtual bool remove(const std::string& key) = 0;
  virtual bool set_password(const std::string& key, const std::string& password_hash) = 0;
  virtual bool add_certfp(const std::string& key, const std::string& certfp) = 0;
  virtual bool remove_certfp(const std::string& key, const std::string& certfp) = 0;
};

}  // namespace chatd::store
