// The few libsystemd calls chatd makes (sd-daemon): readiness and status notification, the
// watchdog period, the sockets systemd passes for socket activation, and whether stderr is
// connected to the journal. Outside systemd every call here is a cheap no-op.
//
// Thread rules: notify() is safe from any thread (sd_notify opens its own datagram socket);
// take_passed_sockets() must run once, on the main thread, before any other thread starts,
// because it unsets LISTEN_* in the environment.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "sys/unique_fd.hpp"

namespace chatd::sys::systemd {

// Whether systemd asked for notifications (NOTIFY_SOCKET is set).
bool notify_enabled() noexcept;

// Sends `state` ("READY=1", "STATUS=...", newline-separated assignments) to systemd.
// Failures are ignored on purpose: a lost status line must never take the daemon down.
void notify(const std::string& state) noexcept;

// The line to send before a reload: RELOADING=1 with the CLOCK_MONOTONIC timestamp that
// systemd 253+ requires for Type=notify-reload (older versions ignore it).
std::string reloading_state();

// How often WATCHDOG=1 must be sent (half of WATCHDOG_USEC), or nullopt without a watchdog.
std::optional<std::chrono::microseconds> watchdog_period() noexcept;

struct PassedSocket {
  UniqueFd fd;       // made non-blocking and close-on-exec
  std::string name;  // FileDescriptorName= of the socket unit ("unknown" when unnamed)
};

// Takes ownership of every fd passed by socket activation (sd_listen_fds_with_names) and
// unsets LISTEN_FDS / LISTEN_PID / LISTEN_FDNAMES so children do not inherit them.
std::vector<PassedSocket> take_passed_sockets();

// Whether stderr is the journal stream systemd connected (JOURNAL_STREAM names stderr's
// device and inode), so log lines can go to the journal with their priority instead.
bool stderr_is_journal() noexcept;

}  // namespace chatd::sys::systemd
