#include "log/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <string>

namespace chatd::log {

void setup(std::string_view level) {
  auto logger = spdlog::stderr_logger_mt("chatd");
  // Under systemd the journal stamps time and unit itself; elsewhere people read stderr.
  if (std::getenv("JOURNAL_STREAM")) {
    logger->set_pattern("%l: %v");
  } else {
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %l: %v");
  }
  spdlog::set_default_logger(logger);
  set_level(level);
  spdlog::flush_on(spdlog::level::info);
}

void set_level(std::string_view level) { spdlog::set_level(spdlog::level::from_str(std::string(level))); }

}  // namespace chatd::log
