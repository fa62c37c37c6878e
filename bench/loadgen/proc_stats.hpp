// What the load generator reads about the server under test and about itself: CPU time from
// /proc/<pid>/stat (utime + stime of every thread), resident memory from /proc/<pid>/status.
// Plain functions; any thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>

namespace chatd::bench {

// utime + stime of the whole process in seconds; nullopt if the process is gone.
std::optional<double> process_cpu_seconds(pid_t pid);
// A "VmXXX:" line of /proc/<pid>/status ("VmRSS", "VmHWM") in KiB; nullopt if absent.
std::optional<std::uint64_t> process_memory_kib(pid_t pid, const char* field);
// This process' own user + system CPU seconds (getrusage), to show it is not the bottleneck.
double self_cpu_seconds();
// CLOCK_MONOTONIC in nanoseconds: the clock the publishers stamp into each message.
std::uint64_t monotonic_ns();

}  // namespace chatd::bench
