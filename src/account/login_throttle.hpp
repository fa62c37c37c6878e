// LoginThrottle: failed logins slow down whoever keeps failing, per account and per source
// address (each is a key here). The first kFreeFailures failures cost nothing; each one after
// that shuts the key for twice as long as the one before (1 s, 2 s, 4 s ... at most
// kMaxDelay). A success, or kMaxDelay without a failure, forgets the key. An "episode" is the
// time a key spends throttled: record_failure() says when one starts, so it is logged once.
// At most kMaxKeys keys are remembered; past that the oldest-touched is forgotten, so a flood
// of made-up names costs memory once, not per attempt.
//
// Thread rules: the account thread only (no lock).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>

namespace chatd::account {

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr unsigned kFreeFailures = 3;
  static constexpr std::chrono::seconds kMaxDelay{300};
  static constexpr std::size_t kMaxKeys = 16384;

  // How long `key` must still wait before an attempt is looked at; zero when it may try.
  Clock::duration wait(const std::string& key, Clock::time_point now) const;
  // Counts a failure; true when it starts an episode (the key is throttled from now on).
  bool record_failure(const std::string& key, Clock::time_point now);
  void record_success(const std::string& key) { entries_.erase(key); }
  std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct Entry {
    unsigned failures = 0;
    Clock::time_point last_failure;
    Clock::time_point open_at;  // attempts before this are refused unseen
  };
  void make_room(Clock::time_point now);

  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace chatd::account
