// Last words of a dying process. chatd's I/O paths are noexcept, so an exception that escapes
// one ends in std::terminate; these make sure that the reason reaches the log (the journal,
// under systemd, which then restarts the unit) instead of only a bare SIGABRT.
#pragma once

#include <string_view>

namespace chatd::sys {

// Logs `why` at critical level, flushes the log and aborts.
[[noreturn]] void die(std::string_view why) noexcept;

// Makes std::terminate log the exception that caused it, then die().
void log_uncaught_exceptions() noexcept;

}  // namespace chatd::sys
