#include "irc/whox.hpp"

#include <algorithm>
#include <vector>

#include "irc/numerics.hpp"

namespace chatd::irc {

namespace {

bool valid_token(std::string_view token) {
  return !token.empty() && token.size() <= 3 &&
         std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<WhoOptions> parse_who_options(std::string_view arg) {
  WhoOptions options;
  auto percent = arg.find('%');
  options.opers_only = arg.substr(0, percent).find('o') != std::string_view::npos;
  if (percent == std::string_view::npos) return options;
  options.whox = true;
  std::string_view spec = arg.substr(percent + 1);
  auto comma = spec.find(',');
  std::string_view letters = spec.substr(0, comma);
  if (comma != std::string_view::npos) {
    std::string_view token = spec.substr(comma + 1);
    if (!valid_token(token)) return std::nullopt;
    options.token = token;
  }
  for (char letter : kWhoxFieldOrder) {
    if (letters.find(letter) != std::string_view::npos) options.fields += letter;
  }
  if (options.fields.find('t') != std::string::npos && options.token.empty()) return std::nullopt;
  return options;
}

void append_who_reply(std::string& out, std::string_view server, std::string_view client, const WhoOptions& options,
                      const WhoEntry& entry) {
  const std::string_view home = entry.server.empty() ? server : std::string_view(entry.server);
  if (!options.whox) {
    append_numeric(out, server, client, Numeric::RPL_WHOREPLY,
                   {entry.channel, entry.username, entry.host, home, entry.nick, entry.flags}, "0 " + entry.realname);
    return;
  }
  const std::string idle = std::to_string(entry.idle);
  std::vector<std::string_view> params;
  std::optional<std::string_view> realname;
  for (char field : options.fields) {
    switch (field) {
      case 't':
        params.push_back(options.token);
        break;
      case 'c':
        params.push_back(entry.channel);
        break;
      case 'u':
        params.push_back(entry.username);
        break;
      case 'i':
      case 'h':
        params.push_back(entry.host);
        break;
      case 's':
        params.push_back(home);
        break;
      case 'n':
        params.push_back(entry.nick);
        break;
      case 'f':
        params.push_back(entry.flags);
        break;
      case 'd':
        params.push_back("0");
        break;
      case 'a':
        params.push_back(entry.account.empty() ? std::string_view("0") : std::string_view(entry.account));
        break;
      case 'l':
        params.push_back(idle);
        break;
      case 'o':
        params.push_back("n/a");
        break;
      case 'r':
        realname = entry.realname;  // always last: the trailing parameter
        break;
    }
  }
  append_numeric(out, server, client, Numeric::RPL_WHOSPCRPL, params, realname);
}

}  // namespace chatd::irc
