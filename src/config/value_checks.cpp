#include "config/value_checks.hpp"

#include <arpa/inet.h>

#include "config/toml_reader.hpp"

namespace chatd::config {

bool is_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

std::string check_word(std::string_view value) {
  if (value.empty()) return "must not be empty";
  for (char c : value) {
    if (c == ' ' || is_control(c)) return "must not contain spaces or control characters";
  }
  return {};
}

std::string check_channel(std::string_view value) {
  if (value.empty() || value.front() != '#') {
    return "must start with '#' (got " + in_quotes(value) + ")";
  }
  if (value.size() < 2) return "needs a name after '#'";
  for (char c : value) {
    if (c == ' ' || c == ',' || is_control(c)) {
      return "must not contain spaces, commas or control characters";
    }
  }
  return {};
}

std::string check_origin(std::string_view value) {
  const auto scheme_end = value.find("://");
  if (scheme_end == std::string_view::npos ||
      (value.substr(0, scheme_end) != "http" && value.substr(0, scheme_end) != "https")) {
    return "must be \"http://host[:port]\" or \"https://host[:port]\" (got " + in_quotes(value) + ")";
  }
  const auto rest = value.substr(scheme_end + 3);
  if (rest.empty() || rest.find('/') != std::string_view::npos) {
    return "must be a scheme and a host, without a path (got " + in_quotes(value) + ")";
  }
  for (char c : rest) {
    if (c == ' ' || is_control(c)) return "must not contain spaces or control characters";
  }
  return {};
}

std::string check_web_root(std::string_view value) {
  if (value.empty()) return {};
  if (value.front() != '/') return "must be an absolute path or \"\" (got " + in_quotes(value) + ")";
  for (char c : value) {
    if (is_control(c)) return "must not contain control characters";
  }
  return {};
}

std::string check_numeric_address(std::string_view value) {
  const std::string text(value);
  unsigned char buffer[16];
  if (inet_pton(AF_INET, text.c_str(), buffer) == 1 || inet_pton(AF_INET6, text.c_str(), buffer) == 1) return {};
  return "must be a numeric IPv4 or IPv6 address (got " + in_quotes(value) + ")";
}

}  // namespace chatd::config
