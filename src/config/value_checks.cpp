#include "config/value_checks.hpp"

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

}  // namespace chatd::config
