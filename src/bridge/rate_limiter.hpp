// Per-sender rate limiting of datagram lines: a token bucket per source address, so one
// chatty or hostile host cannot flood the channel while the others still get through.
// Drops come in episodes: the first drop of an episode and its end are reported to the
// caller, which logs once per episode instead of once per line (mosquitto's rule).
//
// Thread rules: plain value, no locking; one bridge's loop uses it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace chatd::bridge {

using Clock = std::chrono::steady_clock;

// `rate` tokens per second, at most `burst` saved up; starts full.
class TokenBucket {
 public:
  TokenBucket(double rate, double burst, Clock::time_point now) noexcept
      : rate_(rate), burst_(burst), tokens_(burst), last_(now) {}

  bool take(Clock::time_point now) noexcept;
  bool full(Clock::time_point now) noexcept;

 private:
  void refill(Clock::time_point now) noexcept;

  double rate_;
  double burst_;
  double tokens_;
  Clock::time_point last_;
};

class RateLimiter {
 public:
  struct Decision {
    bool pass = true;
    bool episode_started = false;       // the first drop after lines passed: log it
    std::uint64_t episode_dropped = 0;  // >0: an episode just ended after this many drops
  };

  // Lines per second and burst per source; at most `max_sources` tracked (idle ones are
  // forgotten first, so an address sweep costs memory only up to that bound).
  RateLimiter(double rate, double burst, std::size_t max_sources = 4096);

  Decision allow(const std::string& source, Clock::time_point now);
  std::size_t tracked() const noexcept { return sources_.size(); }

 private:
  struct Source {
    TokenBucket bucket;
    std::uint64_t dropped = 0;  // in the current episode
  };
  void forget_idle(Clock::time_point now);

  double rate_;
  double burst_;
  std::size_t max_sources_;
  std::unordered_map<std::string, Source> sources_;
};

}  // namespace chatd::bridge
