#include "metrics/process_metrics.hpp"

#include <doctest/doctest.h>

#include <string>

#include "metrics/exposition.hpp"

using chatd::metrics::parse_proc_stat;

TEST_CASE("metrics::parse_proc_stat: the fields after the command name") {
  // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
  // cutime cstime priority nice threads itreal starttime vsize rss ...
  const std::string line =
      "4242 (chatd (worker) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 3 0 5000 104857600 2560 "
      "18446744073709551615 1 1 0 0 0\n";
  auto stats = parse_proc_stat(line, 100, 4096, 1'700'000'000);
  REQUIRE(stats);
  CHECK(stats->cpu_seconds == doctest::Approx(4.0));
  CHECK(stats->resident_bytes == doctest::Approx(2560.0 * 4096));
  CHECK(stats->virtual_bytes == doctest::Approx(104857600.0));
  CHECK(stats->start_time_seconds == doctest::Approx(1'700'000'050.0));
  CHECK_FALSE(parse_proc_stat("4242 (chatd) S 1 2 3", 100, 4096, 0));
  CHECK_FALSE(parse_proc_stat("no parenthesis at all", 100, 4096, 0));
  CHECK_FALSE(parse_proc_stat(line, 0, 4096, 0));
}

TEST_CASE("metrics::ProcessCollector: this process's own numbers") {
  chatd::metrics::Exposition out;
  chatd::metrics::ProcessCollector().collect(out);
  for (const char* family : {"process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds",
                             "process_max_fds", "process_start_time_seconds", "process_virtual_memory_bytes"}) {
    CAPTURE(family);
    CHECK(out.text().find(std::string("# TYPE ") + family) != std::string::npos);
  }
}
