#include "log/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/systemd_sink.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <string>

#include "sys/systemd.hpp"

namespace chatd::log {

void setup(std::string_view level) {
  std::shared_ptr<spdlog::logger> logger;
  // Under systemd the journal stamps time and unit itself and keeps each line's priority
  // (journalctl -p warning); elsewhere people read stderr. JOURNAL_STREAM alone is not
  // enough: it is inherited by anything started from a unit, even with stderr redirected.
  if (sys::systemd::stderr_is_journal()) {
    logger = spdlog::systemd_logger_mt("chatd", "chatd");
  } else {
    logger = spdlog::stderr_logger_mt("chatd");
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %l: %v");
  }
  spdlog::set_default_logger(logger);
  set_level(level);
  spdlog::flush_on(spdlog::level::info);
}

void set_level(std::string_view level) { spdlog::set_level(spdlog::level::from_str(std::string(level))); }

}  // namespace chatd::log
