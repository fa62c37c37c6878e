// Comma-separated target lists with a TARGMAX limit. A list longer than its limit is refused
// whole with 407 naming the first target past it (as solanum does for PRIVMSG), never cut
// silently. Loop-only, like the session it answers.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "irc/session.hpp"

namespace chatd::irc {

// Answers 407 for `target`, the first one past a limit.
void refuse_targets(Session& s, std::string_view target);

// The items of `list` (empty ones dropped, as split_list), or nullopt after answering 407
// when there are more than `max`.
std::optional<std::vector<std::string_view>> split_targets(Session& s, std::string_view list, std::size_t max);

}  // namespace chatd::irc
