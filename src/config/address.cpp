#include "config/address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>

namespace chatd::config {
namespace {

constexpr std::string_view kAnyHost = "0.0.0.0";

std::string in_quotes(std::string_view text) {
  std::string out = "\"";
  out += text;
  out += '"';
  return out;
}

bool is_ipv4(const std::string& host) {
  in_addr addr{};
  return inet_pton(AF_INET, host.c_str(), &addr) == 1;
}

bool is_ipv6(const std::string& host) {
  in6_addr addr{};
  return inet_pton(AF_INET6, host.c_str(), &addr) == 1;
}

// Parsed as a wide integer so "70000" can be reported as out of range rather
// than as garbage; more than 9 digits is garbage either way.
std::optional<unsigned long> parse_port_digits(std::string_view digits) {
  if (digits.empty() || digits.size() > 9) return std::nullopt;
  unsigned long value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<HostPort> parse_host_port(std::string_view text, std::string& reason) {
  const std::string expected = "expected host:port, got " + in_quotes(text);
  std::string_view host_part;
  std::string_view port_part;
  bool bracketed = false;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      reason = expected;
      return std::nullopt;
    }
    host_part = text.substr(1, close - 1);
    port_part = text.substr(close + 2);
    bracketed = true;
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      reason = expected;
      return std::nullopt;
    }
    host_part = text.substr(0, colon);
    port_part = text.substr(colon + 1);
  }
  if (host_part.empty()) {
    reason = expected;
    return std::nullopt;
  }
  const auto port = parse_port_digits(port_part);
  if (!port) {
    reason = expected;
    return std::nullopt;
  }
  if (*port < 1 || *port > 65535) {
    reason = "port must be between 1 and 65535 (got " + std::to_string(*port) + ")";
    return std::nullopt;
  }

  HostPort result;
  result.port = static_cast<std::uint16_t>(*port);
  result.host = std::string(host_part);
  if (bracketed) {
    if (!is_ipv6(result.host)) {
      reason = in_quotes(host_part) + " is not an IPv6 address";
      return std::nullopt;
    }
  } else if (result.host == "*") {
    result.host = std::string(kAnyHost);
  } else if (result.host.find(':') != std::string::npos) {
    reason = "IPv6 addresses must be written in brackets, e.g. \"[::1]:6667\"";
    return std::nullopt;
  } else if (!is_ipv4(result.host)) {
    reason = in_quotes(host_part) +
             " is not an IPv4 address, a bracketed IPv6 address or \"*\""
             " (host names are not resolved)";
    return std::nullopt;
  }
  return result;
}

std::string canonical_host(const std::string& host) {
  char buffer[INET6_ADDRSTRLEN] = {};
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1 && inet_ntop(AF_INET, &v4, buffer, sizeof buffer) != nullptr) {
    return buffer;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1 && inet_ntop(AF_INET6, &v6, buffer, sizeof buffer) != nullptr) {
    return std::string("[") + buffer + "]";
  }
  return host;
}

}  // namespace chatd::config
