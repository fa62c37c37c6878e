// AccountService: the account thread. Password hashing (yescrypt: tens of milliseconds) and
// the accounts tables' SQLite calls never run on a worker loop; they run here, one job at a
// time, in the order queued. A job gets the AccountDb and the directory, does its work and
// hands the result to whoever asked (a promise for chatctl, a post to the client's loop for
// SASL). Opening the service opens the [storage] database (a StoreError when it cannot) and
// fills the directory from it.
//
// Logins (SASL) are jobs too: the password is hashed against the account's hash, or against a
// dummy hash when there is no such account, so both failures take the same time; failures
// are throttled per account and per source address (login_throttle.hpp). So are
// registrations (IRCv3 REGISTER): one account per source address per minute
// (registration_throttle.hpp), the name and password checked by the caller beforehand.
//
// Thread rules: run(), login(), register_account() and directory() are safe from any thread;
// jobs run on the account thread, which is the only one touching the AccountDb, the throttles
// and what a job owns.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <thread>

#include "account/account_directory.hpp"
#include "account/login_throttle.hpp"
#include "account/registration_throttle.hpp"
#include "store/account_db.hpp"
#include "sys/mutex.hpp"

namespace chatd::account {

struct LoginRequest {
  enum class Kind { kPassword, kCertificate };
  Kind kind = Kind::kPassword;
  std::string name;      // kPassword: the account; kCertificate: the one asked for ("" = the certificate's)
  std::string password;  // kPassword only
  std::string certfp;    // kCertificate only: lowercase hex SHA-256
  std::string source;    // the client's address, for the throttle and the log
};

struct LoginResult {
  enum class Outcome { kOk, kFailed, kThrottled, kBusy };
  Outcome outcome = Outcome::kFailed;
  std::string account;  // kOk: the account's name as created
};

struct RegisterRequest {
  std::string name;      // valid (check_account_name), as the account will be called
  std::string password;  // valid (check_password); only its hash is kept
  std::string source;    // the client's address, for the throttle and the log
};

struct RegisterResult {
  enum class Outcome { kOk, kExists, kFull, kThrottled, kBusy };
  Outcome outcome = Outcome::kBusy;
  std::string account;                  // kOk: the account's name as created
  std::chrono::seconds retry_after{0};  // kThrottled: how long the address must still wait
};

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
  // Checks a login on the account thread and hands `reply` the result there. When the queue
  // is full, `reply` gets kBusy at once, on the caller's thread.
  void login(LoginRequest request, std::function<void(LoginResult)> reply);
  // Creates an account on the account thread and hands `reply` the result there (kBusy at
  // once, on the caller's thread, when the queue is full). Logged at info, without the password.
  void register_account(RegisterRequest request, std::function<void(RegisterResult)> reply);
  const AccountDirectory& directory() const noexcept { return directory_; }

 private:
  void main() noexcept;
  LoginResult check(const LoginRequest& request);
  LoginResult check_password(const LoginRequest& request);
  LoginResult check_certificate(const LoginRequest& request);
  RegisterResult create(const RegisterRequest& request);

  store::AccountDb db_;
  AccountDirectory directory_;
  LoginThrottle throttle_;                   // account thread only
  RegistrationThrottle registration_limit_;  // account thread only
  std::string dummy_hash_;                   // hashed against when the account does not exist
  sys::Mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<Job> jobs_ GUARDED_BY(mutex_);
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace chatd::account
