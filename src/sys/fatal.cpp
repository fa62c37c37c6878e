#include "sys/fatal.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <exception>
#include <string>

namespace chatd::sys {

namespace {

[[noreturn]] void on_terminate() noexcept {
  std::string what = "std::terminate without an active exception";
  if (auto current = std::current_exception()) {
    try {
      std::rethrow_exception(current);
    } catch (const std::exception& e) {
      what = std::string("uncaught exception: ") + e.what();
    } catch (...) {
      what = "uncaught exception of a type not derived from std::exception";
    }
  }
  die(what);
}

}  // namespace

void die(std::string_view why) noexcept {
  try {
    spdlog::critical("fatal: {}", why);
    spdlog::default_logger()->flush();
  } catch (...) {
    // Logging failed too; the abort below still tells systemd.
  }
  std::abort();
}

void log_uncaught_exceptions() noexcept { std::set_terminate(on_terminate); }

}  // namespace chatd::sys
