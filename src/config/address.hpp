// Parsing of listen addresses ("host:port") for the config loader. Pure
// functions of their arguments; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chatd::config {

struct HostPort {
  std::string host;  // numeric IPv4 or IPv6 literal, without brackets
  std::uint16_t port = 0;
};

// Accepts "a.b.c.d:port", "[v6]:port" and "*:port" (= 0.0.0.0). Host names are
// refused on purpose: resolving them at load time would make binding depend
// on DNS being up when the daemon starts. On failure returns nullopt and puts
// a human-readable reason into `reason`.
std::optional<HostPort> parse_host_port(std::string_view text, std::string& reason);

// A spelling of an already validated host that is equal for equal addresses
// ("::1" and "0::1"), so duplicate listeners are caught however they are written.
std::string canonical_host(const std::string& host);

}  // namespace chatd::config
