#include "metrics/relay_kind.hpp"

#include "metrics/labels.hpp"

namespace chatd::metrics {

namespace {
std::string_view skip_word(std::string_view line) noexcept {
  const auto space = line.find(' ');
  return space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
}
}  // namespace

std::size_t relay_kind(std::string_view line) noexcept {
  if (line.starts_with('@')) line = skip_word(line);
  if (line.starts_with(':')) line = skip_word(line);
  const std::string_view command = line.substr(0, line.find_first_of(" \r\n"));
  for (std::size_t i = 0; i + 1 < kRelayCommands.size(); ++i) {
    if (kRelayCommands[i] == command) return i;
  }
  return kRelayCommands.size() - 1;
}

}  // namespace chatd::metrics
