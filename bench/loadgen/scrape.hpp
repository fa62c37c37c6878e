// Timing chatd's metrics endpoint: GET /metrics on 127.0.0.1, one connection per scrape, timed
// from connect() to the end of the response (chatd closes nothing: the response's
// Content-Length says where it ends). Blocking sockets; the caller's fleet waits meanwhile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "latency.hpp"

namespace chatd::bench {

struct ScrapeTimes {
  LatencySamples samples;  // one per successful scrape
  std::size_t bytes = 0;   // body size of the last one
  std::size_t failures = 0;
};

// One scrape's time in microseconds; nullopt when it failed (no answer within 5 s, not 200,
// short body).
std::optional<std::uint64_t> scrape_once(std::uint16_t port, std::size_t* body_bytes);
// `count` scrapes one after the other.
ScrapeTimes scrape_times(std::uint16_t port, std::size_t count);

}  // namespace chatd::bench
