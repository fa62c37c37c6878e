#include "account/login_throttle.hpp"

#include <algorithm>

namespace chatd::account {

LoginThrottle::Clock::duration LoginThrottle::wait(const std::string& key, Clock::time_point now) const {
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.open_at <= now) return Clock::duration::zero();
  return it->second.open_at - now;
}

bool LoginThrottle::record_failure(const std::string& key, Clock::time_point now) {
  auto it = entries_.find(key);
  if (it != entries_.end() && now - it->second.last_failure > kMaxDelay) {
    entries_.erase(it);  // the last episode is over: start counting again
    it = entries_.end();
  }
  if (it == entries_.end()) {
    make_room(now);
    it = entries_.emplace(key, Entry{}).first;
  }
  Entry& e = it->second;
  e.failures += 1;
  e.last_failure = now;
  if (e.failures <= kFreeFailures) return false;
  const unsigned doublings = std::min(e.failures - kFreeFailures - 1, 9u);  // 2^9 s > kMaxDelay
  const Clock::duration delay = std::min<Clock::duration>(std::chrono::seconds(1u << doublings), kMaxDelay);
  e.open_at = now + delay;
  return e.failures == kFreeFailures + 1;
}

void LoginThrottle::make_room(Clock::time_point now) {
  if (entries_.size() < kMaxKeys) return;
  std::erase_if(entries_, [now](const auto& item) { return now - item.second.last_failure > kMaxDelay; });
  if (entries_.size() < kMaxKeys) return;
  auto oldest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
    return a.second.last_failure < b.second.last_failure;
  });
  entries_.erase(oldest);
}

}  // namespace chatd::account
