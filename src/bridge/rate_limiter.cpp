#include "bridge/rate_limiter.hpp"

#include <algorithm>
#include <iterator>

namespace chatd::bridge {

void TokenBucket::refill(Clock::time_point now) noexcept {
  if (now <= last_) return;
  const double seconds = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(burst_, tokens_ + seconds * rate_);
  last_ = now;
}

bool TokenBucket::take(Clock::time_point now) noexcept {
  refill(now);
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

bool TokenBucket::full(Clock::time_point now) noexcept {
  refill(now);
  return tokens_ >= burst_;
}

RateLimiter::RateLimiter(double rate, double burst, std::size_t max_sources)
    : rate_(rate), burst_(burst), max_sources_(max_sources) {}

RateLimiter::Decision RateLimiter::allow(const std::string& source, Clock::time_point now) {
  auto it = sources_.find(source);
  if (it == sources_.end()) {
    if (sources_.size() >= max_sources_) forget_idle(now);
    if (sources_.size() >= max_sources_) {
      // Every tracked source is busy: treat the newcomer as over its limit rather than grow.
      return Decision{false, false, 0};
    }
    it = sources_.emplace(source, Source{TokenBucket(rate_, burst_, now)}).first;
  }
  Source& s = it->second;
  Decision d;
  if (s.bucket.take(now)) {
    d.episode_dropped = s.dropped;
    s.dropped = 0;
    return d;
  }
  d.pass = false;
  d.episode_started = s.dropped == 0;
  ++s.dropped;
  return d;
}

void RateLimiter::forget_idle(Clock::time_point now) {
  // A full bucket has nothing to remember, unless it still owes the end of an episode.
  for (auto it = sources_.begin(); it != sources_.end();) {
    it = it->second.dropped == 0 && it->second.bucket.full(now) ? sources_.erase(it) : std::next(it);
  }
}

}  // namespace chatd::bridge
