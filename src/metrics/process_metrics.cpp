#include "metrics/process_metrics.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace chatd::metrics {

namespace {

// Fields after the command name's closing parenthesis, counted from 0 (field 3, the state).
constexpr std::size_t kUtime = 11;
constexpr std::size_t kStime = 12;
constexpr std::size_t kStartTime = 19;
constexpr std::size_t kVsize = 20;
constexpr std::size_t kRss = 21;

std::optional<double> number(std::string_view word) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc{} || end != word.data() + word.size()) return std::nullopt;
  return static_cast<double>(value);
}

std::optional<std::size_t> open_fds() {
  // Since Linux 6.2 the size of /proc/self/fd is the number of open descriptors: one stat()
  // instead of listing them (10 000 clients made the listing most of a scrape's time).
  struct stat dir_stat {};
  if (::stat("/proc/self/fd", &dir_stat) == 0 && dir_stat.st_size > 0)
    return static_cast<std::size_t>(dir_stat.st_size);
  DIR* dir = ::opendir("/proc/self/fd");
  if (!dir) return std::nullopt;
  std::size_t n = 0;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] != '.') ++n;
  }
  ::closedir(dir);
  return n > 0 ? n - 1 : 0;  // the directory's own fd, open while we count
}

double boot_time() {
  timespec real{};
  timespec boot{};
  ::clock_gettime(CLOCK_REALTIME, &real);
  ::clock_gettime(CLOCK_BOOTTIME, &boot);
  return static_cast<double>(real.tv_sec - boot.tv_sec) + static_cast<double>(real.tv_nsec - boot.tv_nsec) / 1e9;
}

}  // namespace

std::optional<ProcessStats> parse_proc_stat(std::string_view text, double ticks_per_second, double page_size,
                                            double boot_time) {
  // The command name may hold spaces and parentheses: the fields start after the last ')'.
  const auto close = text.rfind(')');
  if (close == std::string_view::npos || ticks_per_second <= 0) return std::nullopt;
  std::vector<std::string_view> fields;
  std::string_view rest = text.substr(close + 1);
  while (!rest.empty() && fields.size() <= kRss) {
    const auto start = rest.find_first_not_of(" \n");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const auto end = rest.find_first_of(" \n");
    fields.push_back(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  }
  if (fields.size() <= kRss) return std::nullopt;
  auto utime = number(fields[kUtime]);
  auto stime = number(fields[kStime]);
  auto start = number(fields[kStartTime]);
  auto vsize = number(fields[kVsize]);
  auto rss = number(fields[kRss]);
  if (!utime || !stime || !start || !vsize || !rss) return std::nullopt;
  return ProcessStats{(*utime + *stime) / ticks_per_second, *rss * page_size, *vsize,
                      boot_time + *start / ticks_per_second};
}

void ProcessCollector::collect(Exposition& out) const {
  std::ifstream file("/proc/self/stat");
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const auto stats = parse_proc_stat(text, static_cast<double>(::sysconf(_SC_CLK_TCK)),
                                     static_cast<double>(::sysconf(_SC_PAGESIZE)), boot_time());
  if (stats) {
    out.family("process_cpu_seconds_total", Exposition::Type::counter,
               "Total user and system CPU time spent in seconds.");
    out.sample("process_cpu_seconds_total", {}, stats->cpu_seconds);
    out.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", stats->resident_bytes);
    out.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", stats->virtual_bytes);
    out.gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
              stats->start_time_seconds);
  }
  if (auto fds = open_fds())
    out.gauge("process_open_fds", "Number of open file descriptors.", static_cast<double>(*fds));
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    out.gauge("process_max_fds", "Maximum number of open file descriptors.", static_cast<double>(limit.rlim_cur));
  }
}

}  // namespace chatd::metrics
