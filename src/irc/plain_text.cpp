#include "irc/plain_text.hpp"

#include <charconv>

#include "irc/message.hpp"

namespace chatd::irc {

namespace {

std::string_view nick_of(std::string_view source) { return source.substr(0, source.find('!')); }

// Numerics a plain client should see are the refusals (4xx/5xx) and the few answers to
// its own slash commands; the registration burst is noise to it.
bool shown_numeric(int code) { return code >= 400 || code == 353 || code == 332; }

}  // namespace

std::optional<std::string_view> action_text(std::string_view text) noexcept {
  if (text.size() > 8 &&
      text.substr(0, 8) ==
          "\x01"
          "ACTION " &&
      text.back() == '\x01') {
    return text.substr(8, text.size() - 9);
  }
  return std::nullopt;
}

std::optional<std::string> irc_to_plain(std::string_view irc_line) {
  while (!irc_line.empty() && (irc_line.back() == '\n' || irc_line.back() == '\r')) irc_line.remove_suffix(1);
  auto parsed = parse_message(irc_line);
  if (!parsed) return std::nullopt;
  const Message& m = *parsed;
  std::string nick(nick_of(m.source));
  std::string_view command = m.command;
  std::string out;
  if (command == "PRIVMSG" || command == "NOTICE") {
    std::string_view text = m.arg(1);
    bool to_channel = !m.arg(0).empty() && m.arg(0).front() == '#';
    if (auto action = action_text(text)) {
      out = "* " + nick + " " + std::string(*action);
    } else if (to_channel) {
      out = nick + ": " + std::string(text);
    } else {
      out = "*" + nick + "* " + std::string(text);  // private, as classic clients show it
    }
  } else if (command == "JOIN") {
    out = "* " + nick + " joined " + std::string(m.arg(0));
  } else if (command == "PART") {
    out = "* " + nick + " left " + std::string(m.arg(0));
    if (!m.arg(1).empty()) out += " (" + std::string(m.arg(1)) + ")";
  } else if (command == "QUIT") {
    out = "* " + nick + " quit (" + std::string(m.arg(0)) + ")";
  } else if (command == "NICK") {
    out = "* " + nick + " is now known as " + std::string(m.arg(0));
  } else if (command == "TOPIC") {
    out = "* " + nick + " set the topic of " + std::string(m.arg(0)) + ": " + std::string(m.arg(1));
  } else if (command == "KICK") {
    out = "* " + std::string(m.arg(1)) + " was kicked from " + std::string(m.arg(0)) + " by " + nick;
    if (!m.arg(2).empty()) out += " (" + std::string(m.arg(2)) + ")";
  } else if (command == "ERROR") {
    out = "* " + std::string(m.arg(0));
  } else if (command.size() == 3) {
    int code = 0;
    auto [end, ec] = std::from_chars(command.data(), command.data() + 3, code);
    if (ec != std::errc() || end != command.data() + 3 || !shown_numeric(code)) return std::nullopt;
    if (code == 353) return "* in " + std::string(m.arg(2)) + ": " + std::string(m.arg(3)) + "\n";
    // Skip the target nick; show the rest the way the numeric reads.
    for (std::size_t i = 1; i < m.param_count; ++i) {
      if (!out.empty()) out += ' ';
      out += m.arg(i);
    }
    out = "* " + out;
  } else {
    return std::nullopt;
  }
  out += '\n';
  return out;
}

}  // namespace chatd::irc
