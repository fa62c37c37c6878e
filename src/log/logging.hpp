// Logging set-up: spdlog's default logger, to stderr, at the configured level.
// Called from main before any thread starts; spdlog itself is thread-safe afterwards.
#pragma once

#include <string_view>

namespace chatd::log {

// level: trace|debug|info|warn|error|critical|off (validated by the config loader).
void setup(std::string_view level);
void set_level(std::string_view level);

}  // namespace chatd::log
