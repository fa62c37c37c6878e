#include "account/account_service.hpp"

#include <spdlog/spdlog.h>

#include "sys/password_hash.hpp"

namespace chatd::account {

AccountService::AccountService(const std::string& path)
    : db_(path), dummy_hash_(sys::hash_password("no such account: the same work as a wrong password")) {
  for (const store::AccountRow& row : db_.list()) directory_.add(row.name);
  thread_ = std::thread([this] { main(); });
}

AccountService::~AccountService() {
  {
    sys::MutexLock lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

bool AccountService::run(Job job) {
  {
    sys::MutexLock lock(mutex_);
    if (jobs_.size() >= kMaxQueuedJobs || stopping_) return false;
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

void AccountService::main() noexcept {
  for (;;) {
    Job job;
    {
      sys::MutexLock lock(mutex_);
      while (jobs_.empty() && !stopping_) wake_.wait(mutex_);
      // Jobs still queued at shutdown are dropped: their askers are going away too.
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    try {
      job(db_, directory_);
    } catch (const std::runtime_error& e) {
      // A job answers its asker itself; one that throws past that is a bug or a failing disk.
      spdlog::error("accounts: a job failed: {}", e.what());
    }
  }
}

}  // namespace chatd::account
