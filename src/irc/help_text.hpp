// The text HELP (and HELPOP) shows: one topic per command chatd has, plus a few on modes and
// CTCP. Pure data; safe from any thread.
#pragma once

#include <span>
#include <string_view>

namespace chatd::irc {

struct HelpTopic {
  std::string_view name;  // upper case: "PRIVMSG", "CHANMODES"
  std::span<const std::string_view> lines;
};

// The topic, looked up without regard to case, or nullptr.
const HelpTopic* find_help(std::string_view name) noexcept;

// Every topic, sorted by name.
std::span<const HelpTopic> help_topics() noexcept;

}  // namespace chatd::irc
