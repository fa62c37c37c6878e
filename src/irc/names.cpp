#include "irc/names.hpp"

#include <algorithm>

namespace chatd::irc {
namespace {

constexpr bool is_letter(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// []\`_^{|} are exactly 0x5B..0x60 and 0x7B..0x7D.
constexpr bool is_nick_special(char c) noexcept { return (c >= '[' && c <= '`') || (c >= '{' && c <= '}'); }

constexpr bool is_channel_forbidden(char c) noexcept {
  return c == '\0' || c == '\a' || c == '\r' || c == '\n' || c == ' ' || c == ',' || c == ':';
}

}  // namespace

bool is_valid_nick(std::string_view nick, std::size_t max_len) noexcept {
  if (nick.empty() || nick.size() > max_len) return false;
  if (!is_letter(nick[0]) && !is_nick_special(nick[0])) return false;
  for (std::size_t i = 1; i < nick.size(); ++i) {
    const char c = nick[i];
    if (!is_letter(c) && !is_digit(c) && !is_nick_special(c) && c != '-') return false;
  }
  return true;
}

bool is_channel_name(std::string_view s) noexcept { return !s.empty() && s[0] == '#'; }

char status_prefix(std::string_view s) noexcept {
  return s.size() > 1 && (s[0] == '@' || s[0] == '+') && is_channel_name(s.substr(1)) ? s[0] : 0;
}

bool is_valid_channel(std::string_view name, std::size_t max_len) noexcept {
  if (name.size() < 2 || name.size() > max_len || name[0] != '#') return false;
  for (std::size_t i = 1; i < name.size(); ++i) {
    if (is_channel_forbidden(name[i])) return false;
  }
  return true;
}

std::string_view echo_token(std::string_view raw) noexcept {
  std::string_view word = raw.substr(0, std::min(raw.find(' '), std::size_t{64}));
  return word.empty() || word.front() == ':' ? std::string_view("*") : word;
}

std::vector<std::string_view> split_list(std::string_view s, std::size_t limit) {
  std::vector<std::string_view> items;
  std::size_t pos = 0;
  while (pos < s.size() && items.size() < limit) {
    std::size_t end = s.find(',', pos);
    if (end == std::string_view::npos) end = s.size();
    if (end > pos) items.emplace_back(s.data() + pos, end - pos);
    pos = end + 1;
  }
  return items;
}

}  // namespace chatd::irc
