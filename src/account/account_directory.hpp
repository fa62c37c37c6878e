// AccountDirectory: the names of every account, in memory, so the worker loops can ask "is
// this nick someone's account?" (nick reservation, REGISTER) without touching SQLite. Keyed by
// the casefolded name; holds at most kMaxAccounts names (account_rules.hpp), the cap chatctl
// and REGISTER enforce. Filled by the account thread at start-up and updated by it after each
// change it commits, so a name is in the directory only once it is in the database.
//
// Thread rules: every method is safe from any thread (one mutex, held briefly).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "sys/mutex.hpp"

namespace chatd::account {

class AccountDirectory {
 public:
  // The account's name as created, for a name in any case; nullopt when there is none.
  std::optional<std::string> find(std::string_view name) const EXCLUDES(mutex_);
  bool contains(std::string_view name) const EXCLUDES(mutex_) { return find(name).has_value(); }
  std::size_t size() const EXCLUDES(mutex_);

  void add(const std::string& name) EXCLUDES(mutex_);
  void remove(std::string_view name) EXCLUDES(mutex_);

 private:
  mutable sys::Mutex mutex_;
  std::unordered_map<std::string, std::string> names_ GUARDED_BY(mutex_);  // folded -> as created
};

}  // namespace chatd::account
