// The per-connection caps of a config, in the form net::Connection takes them. Shared by
// every listener protocol so that each applies the same sendq, recvq and flood rates.
#pragma once

#include "config/config.hpp"
#include "net/connection.hpp"

namespace chatd::server {

inline net::ConnectionLimits connection_limits(const config::Limits& limits) {
  net::ConnectionLimits out;
  out.sendq = limits.sendq;
  out.recvq = limits.recvq;
  out.flood.lines_per_second = limits.flood_lines_per_second;
  out.flood.line_burst = limits.flood_burst;
  out.flood.bytes_per_second = limits.flood_bytes_per_second;
  out.flood.byte_burst = limits.flood_bytes_burst;
  out.open_timeout = std::chrono::seconds(limits.registration_timeout);
  return out;
}

}  // namespace chatd::server
