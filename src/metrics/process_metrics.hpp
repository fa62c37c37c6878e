// ProcessCollector: the process_* families as Prometheus' client libraries name them (CPU
// seconds, resident and virtual memory, open and maximum fds, start time), read from
// /proc/self when scraped. Only /proc/self is read: the unit's ProcSubset=pid hides /proc/stat,
// so the start time comes from CLOCK_BOOTTIME instead of the boot time there.
//
// Thread rules: collect() from any one thread at a time (it keeps no state).
#pragma once

#include <optional>
#include <string_view>

#include "metrics/registry.hpp"

namespace chatd::metrics {

struct ProcessStats {
  double cpu_seconds = 0;
  double resident_bytes = 0;
  double virtual_bytes = 0;
  double start_time_seconds = 0;  // since the Unix epoch
};

// Parses the text of /proc/<pid>/stat (pure; the unit test feeds it samples). nullopt when the
// text is not a stat line. `ticks_per_second` and `page_size` are the system's, `boot_time` the
// wall-clock time of boot in seconds.
std::optional<ProcessStats> parse_proc_stat(std::string_view text, double ticks_per_second, double page_size,
                                            double boot_time);

class ProcessCollector final : public Collector {
 public:
  void collect(Exposition& out) const override;
};

}  // namespace chatd::metrics
