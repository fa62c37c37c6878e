// What a client hears when it registers: 001-005, LUSERS and the MOTD.
#include <algorithm>
#include <ctime>
#include <vector>

#include "irc/handlers.hpp"
#include "irc/isupport.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/utc_time.hpp"

namespace chatd::irc {

namespace {

// The letters of all the given sets, sorted, as 004 lists them.
std::string sorted_letters(std::initializer_list<std::string_view> sets) {
  std::string out;
  for (std::string_view set : sets) out += set;
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

void send_welcome(Session& s) {
  auto config = s.server().config();
  const std::string& server = s.server().server_name;
  std::string nick(s.nick());
  std::string out;
  append_numeric(out, server, nick, Numeric::RPL_WELCOME, {},
                 "Welcome to the " + config->server.network + " Network, " + s.user().prefix());
  append_numeric(out, server, nick, Numeric::RPL_YOURHOST, {},
                 "Your host is " + server + ", running version " + kVersion);
  append_numeric(out, server, nick, Numeric::RPL_CREATED, {},
                 "This server was created " + format_utc(s.server().started, "%a %b %d %Y at %H:%M:%S UTC"));
  // User modes, channel modes, and the channel modes that take a parameter.
  static const std::string channel_modes =
      sorted_letters({kListModes, kParamModes, kSetParamModes, kFlagModes, kPrefixModes});
  static const std::string with_param = sorted_letters({kListModes, kParamModes, kSetParamModes, kPrefixModes});
  append_numeric(out, server, nick, Numeric::RPL_MYINFO, {server, kVersion, kUserModes, channel_modes, with_param});
  auto tokens = isupport_tokens(*config, s.server().history != nullptr);
  // At most 13 tokens per 005 line, as clients expect; each token is its own parameter.
  for (std::size_t i = 0; i < tokens.size(); i += 13) {
    std::vector<std::string_view> params(tokens.begin() + i, tokens.begin() + std::min(i + 13, tokens.size()));
    append_numeric(out, server, nick, Numeric::RPL_ISUPPORT, params, "are supported by this server");
  }
  s.send(std::move(out));
  send_lusers(s);
  send_motd(s);
}

void send_lusers(Session& s) {
  const std::string& server = s.server().server_name;
  std::string nick(s.nick());
  std::size_t users, invisible, opers, channels, max_users;
  {
    auto& registry = s.server().registry;
    sys::MutexLock lock(registry.mutex());
    users = registry.registered;
    invisible = registry.invisible;
    opers = registry.opers;
    channels = registry.channels().size();
    max_users = registry.max_registered;
  }
  std::size_t unknown = s.server().unregistered.load(std::memory_order_relaxed);
  std::string u = std::to_string(users), m = std::to_string(max_users);
  std::string out;
  append_numeric(out, server, nick, Numeric::RPL_LUSERCLIENT, {},
                 "There are " + std::to_string(users - invisible) + " users and " + std::to_string(invisible) +
                     " invisible on 1 servers");
  if (opers > 0) append_numeric(out, server, nick, Numeric::RPL_LUSEROP, {std::to_string(opers)}, "operator(s) online");
  if (unknown > 0)
    append_numeric(out, server, nick, Numeric::RPL_LUSERUNKNOWN, {std::to_string(unknown)}, "unknown connection(s)");
  append_numeric(out, server, nick, Numeric::RPL_LUSERCHANNELS, {std::to_string(channels)}, "channels formed");
  append_numeric(out, server, nick, Numeric::RPL_LUSERME, {}, "I have " + u + " clients and 0 servers");
  append_numeric(out, server, nick, Numeric::RPL_LOCALUSERS, {u, m}, "Current local users " + u + ", max " + m);
  append_numeric(out, server, nick, Numeric::RPL_GLOBALUSERS, {u, m}, "Current global users " + u + ", max " + m);
  s.send(std::move(out));
}

void send_motd(Session& s) {
  auto config = s.server().config();
  const std::string& server = s.server().server_name;
  std::string nick(s.nick());
  std::string out;
  if (config->server.motd_lines.empty()) {
    append_numeric(out, server, nick, Numeric::ERR_NOMOTD, {});
  } else {
    append_numeric(out, server, nick, Numeric::RPL_MOTDSTART, {}, "- " + server + " Message of the day - ");
    for (const auto& line : config->server.motd_lines)
      append_numeric(out, server, nick, Numeric::RPL_MOTD, {}, "- " + line);
    append_numeric(out, server, nick, Numeric::RPL_ENDOFMOTD, {});
  }
  s.send(std::move(out));
}

}  // namespace chatd::irc
