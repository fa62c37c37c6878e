// One way to turn errno into an exception with context, used at every failing syscall
// that is allowed to throw (start-up, config, reload). Event callbacks never throw.
#pragma once

#include <string>
#include <string_view>
#include <system_error>

namespace chatd::sys {

// REQUIRES: errno describes the failure of the call named by `what`.
[[noreturn]] void throw_errno(std::string_view what);

// The same with an explicit error number (for getaddrinfo-style APIs that return it).
[[noreturn]] void throw_error(int err, std::string_view what);

// "what: strerror(err)" for log lines on paths that must not throw.
std::string errno_text(int err, std::string_view what);

}  // namespace chatd::sys
