#include "irc/utc_time.hpp"

namespace chatd::irc {

std::string format_utc(std::time_t t, const char* format) {
  char buf[64];
  std::tm tm{};
  gmtime_r(&t, &tm);
  return std::string(buf, std::strftime(buf, sizeof buf, format, &tm));
}

}  // namespace chatd::irc
