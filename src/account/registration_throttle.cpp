#include "account/registration_throttle.hpp"

namespace chatd::account {

RegistrationThrottle::Clock::duration RegistrationThrottle::wait(const std::string& source, Clock::time_point now) {
  if (last_.size() >= kMaxKeys)
    std::erase_if(last_, [now](const auto& item) { return now - item.second >= kInterval; });
  auto it = last_.find(source);
  if (it != last_.end()) {
    const Clock::duration left = it->second + kInterval - now;
    return left > Clock::duration::zero() ? left : Clock::duration::zero();
  }
  // Every remembered address registered within kInterval: a new one waits a whole interval.
  if (last_.size() >= kMaxKeys) return kInterval;
  return Clock::duration::zero();
}

void RegistrationThrottle::record(const std::string& source, Clock::time_point now) { last_[source] = now; }

}  // namespace chatd::account
