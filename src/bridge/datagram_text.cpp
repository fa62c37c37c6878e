#include "bridge/datagram_text.hpp"

#include <algorithm>

#include "irc/message.hpp"
#include "irc/plain_text.hpp"
#include "irc/utf8.hpp"

namespace chatd::bridge {

std::vector<std::string> encode_text(std::string_view irc_line, std::size_t max_datagram) {
  while (!irc_line.empty() && (irc_line.back() == '\n' || irc_line.back() == '\r')) irc_line.remove_suffix(1);
  std::vector<std::string> out;
  auto parsed = irc::parse_message(irc_line);
  if (!parsed || (parsed->command != "PRIVMSG" && parsed->command != "NOTICE")) return out;
  std::string_view nick = parsed->source.substr(0, parsed->source.find('!'));
  // Both prefixes add 3 bytes to the nick. A long nick (or server name) meets a small
  // max_datagram: cut the nick at a character boundary rather than overrun the datagram,
  // so every datagram keeps at least 4 bytes of text (found by fuzz/datagram_fuzz).
  const std::size_t nick_room = max_datagram > 7 ? max_datagram - 7 : 0;
  if (nick.size() > nick_room) {
    std::size_t cut = irc::utf8_cut(nick, nick_room);
    nick = nick.substr(0, cut == 0 ? nick_room : cut);
  }
  std::string_view text = parsed->arg(1);
  std::string prefix;
  if (auto action = irc::action_text(text)) {
    prefix = "* " + std::string(nick) + " ";
    text = *action;
  } else if (!text.empty() && text.front() == '\x01') {
    return out;  // VERSION, PING and friends mean nothing to a UDP listener
  } else {
    prefix = "<" + std::string(nick) + "> ";
  }
  if (text.empty()) return out;
  // At least 4 bytes once the nick is cut (max_datagram >= 64); 1 keeps a bad call finite.
  const std::size_t room = max_datagram > prefix.size() ? max_datagram - prefix.size() : 1;
  while (!text.empty()) {
    std::size_t n = irc::utf8_cut(text, room);
    if (n == 0) n = std::min(text.size(), room);
    out.push_back(prefix + std::string(text.substr(0, n)));
    text.remove_prefix(n);
  }
  return out;
}

std::vector<std::string> decode_text(std::string_view payload) {
  std::vector<std::string> lines;
  while (!payload.empty()) {
    const auto lf = payload.find('\n');
    std::string_view raw = payload.substr(0, lf);
    payload = lf == std::string_view::npos ? std::string_view() : payload.substr(lf + 1);
    std::string line;
    line.reserve(raw.size());
    for (char c : raw) {
      if (c != '\r' && c != '\0') line += c;
    }
    if (line.empty()) continue;
    if (!irc::is_valid_utf8(line)) line = irc::sanitize_utf8(line);
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string pseudo_nick(const sys::SocketAddress& sender) {
  std::string nick = "udp-" + sender.host();
  std::replace_if(
      nick.begin() + 4, nick.end(), [](char c) { return c == '.' || c == ':'; }, '-');
  return nick;
}

std::string pseudo_source(const sys::SocketAddress& sender) {
  std::string host = sender.host();
  if (!host.empty() && host.front() == ':') host.insert(0, "0");
  return pseudo_nick(sender) + "!udp@" + host;
}

}  // namespace chatd::bridge
