// Times as replies show them (003, TIME, INFO, WHOWAS): UTC through a strftime format. Pure;
// safe from any thread.
#pragma once

#include <ctime>
#include <string>

namespace chatd::irc {

// `t` in UTC as `format` (strftime) spells it; at most 63 bytes.
std::string format_utc(std::time_t t, const char* format);

}  // namespace chatd::irc
