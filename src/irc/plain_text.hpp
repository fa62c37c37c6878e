// Turns the IRC lines a channel produces into the plain text a bare TCP client reads
// ("alice: hello", "* bob joined #lobby"). Pure function; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace chatd::irc {

// The action of a CTCP ACTION ("\x01ACTION waves\x01" -> "waves"), or nullopt for any other
// text. Shared by every translation of chat lines to plain text (line clients, bridges).
std::optional<std::string_view> action_text(std::string_view text) noexcept;

// `irc_line` is one formatted line (CR LF optional). Returns the text to show, with a
// trailing '\n', or nullopt for lines a plain client has no use for (registration
// numerics, PING, mode chatter).
std::optional<std::string> irc_to_plain(std::string_view irc_line);

}  // namespace chatd::irc
