#include "config/config.hpp"

#include <utility>

namespace chatd::config {
namespace {

std::string join_lines(const std::vector<std::string>& lines) {
  std::string joined;
  for (const std::string& line : lines) {
    if (!joined.empty()) joined += '\n';
    joined += line;
  }
  return joined;
}

}  // namespace

ConfigError::ConfigError(std::vector<std::string> errors)
    : std::runtime_error(join_lines(errors)), errors_(std::move(errors)) {}

const std::vector<std::string>& ConfigError::errors() const noexcept { return errors_; }

}  // namespace chatd::config
