// AccountService: the account thread. Password hashing (yescrypt: tens of milliseconds) and
// the accounts tables' SQLite calls never run on a worker loop; they run here, one job at a
// time, in the order queued. A job gets the AccountDb and the directory, does its work and
// hands the result to whoever asked (a promise for chatctl, a post to the client's loop for
// SASL). Opening the service opens the [storage] database (a StoreError when it cannot) and
// fills the directory from it.
//
// Thread rules: run() and directory() are safe from any thread; jobs run on the account
// thread, which is the only one touching the AccountDb and what a job owns.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <thread>

#include "account/account_directory.hpp"
#include "store/account_db.hpp"
#include "sys/mutex.hpp"

namespace chatd::account {

class AccountService {
 public:
  // Jobs waiting past this are refused (the caller answers "try again").
  static constexpr std::size_t kMaxQueuedJobs = 1024;

  using Job = std::function<void(store::AccountDb& db, AccountDirectory& directory)>;

  explicit AccountService(const std::string& path);
  ~AccountService();
  AccountService(const AccountService&) = delete;
  AccountService& operator=(const AccountService&) = delete;

  // Queues `job` for the account thread; false (and it never runs) when too many wait or the
  // service is stopping.
  bool run(Job job);
  const AccountDirectory& directory() const noexcept { return directory_; }

 private:
  void main() noexcept;

  store::AccountDb db_;
  AccountDirectory directory_;
  sys::Mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<Job> jobs_ GUARDED_BY(mutex_);
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace chatd::account
