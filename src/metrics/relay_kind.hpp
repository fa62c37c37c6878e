// relay_kind: which kRelayCommands slot a formatted line belongs to, read from the line itself
// (":prefix COMMAND ..." after any "@tags "), so the fan-out needs no command passed in.
// Called once per relayed message, never per recipient.
//
// Thread rules: a pure function; any thread.
#pragma once

#include <cstddef>
#include <string_view>

namespace chatd::metrics {

std::size_t relay_kind(std::string_view line) noexcept;

}  // namespace chatd::metrics
