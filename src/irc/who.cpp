// WHO (and WHOX): a channel's members, or the visible users a mask matches. The mask form
// looks at every user, so it copies the candidates out under the registry lock and matches
// them after releasing it with the linear-time GlobMask, and its sender pays flood tokens for
// the users it examined: a WHO flood slows the flooder, never the server (issue 13).
#include <ctime>
#include <unordered_set>
#include <vector>

#include "irc/capabilities.hpp"
#include "irc/casemap.hpp"
#include "irc/glob.hpp"
#include "irc/handlers.hpp"
#include "irc/limits.hpp"
#include "irc/line_builder.hpp"
#include "irc/names.hpp"
#include "irc/whox.hpp"

namespace chatd::irc {

namespace {

// The reply list is cut at kMaxWhoReplies, and the client told so (416, as ircu does).
void append_cut(std::string& out, Session& s) {
  append_numeric(out, s.server().server_name, s.nick(), Numeric::ERR_TOOMANYMATCHES, {"WHO"},
                 "Too many matches: only the first " + std::to_string(kMaxWhoReplies) + " are listed");
}

// REQUIRES: registry lock held.
WhoEntry entry_of(const chat::User& user, std::string_view channel, std::string_view prefix, std::time_t now) {
  WhoEntry entry;
  entry.channel = channel;
  entry.username = user.username;
  entry.host = user.host;
  entry.nick = user.nick;
  entry.flags = user.away.empty() ? "H" : "G";
  if (user.oper) entry.flags += '*';
  if (user.bot) entry.flags += 'B';  // ISUPPORT BOT=B
  entry.flags += prefix;
  entry.realname = user.realname;
  entry.account = user.account;
  entry.server = user.server;
  entry.idle = static_cast<long>(now - user.last_message);
  return entry;
}

// A channel's members: no matching, at most kMaxWhoReplies of them, formatted under the lock.
void who_channel(Session& s, std::string_view name, const WhoOptions& options, std::string& replies) {
  auto& registry = s.server().registry;
  const std::string& server = s.server().server_name;
  std::time_t now = std::time(nullptr);
  sys::MutexLock lock(registry.mutex());
  const chat::User& me = s.user();
  chat::Channel* channel = registry.find_channel(name);
  bool member = channel && channel->has(&me);
  if (!channel || (!member && channel->secret)) return;
  std::size_t count = 0;
  for (const auto& membership : channel->members()) {
    const chat::User& user = *membership.user;
    if (options.opers_only && !user.oper) continue;
    if (!member && user.invisible) continue;
    if (++count > kMaxWhoReplies) return append_cut(replies, s);
    const char* prefix = (me.caps & kCapMultiPrefix) ? membership.all_prefixes() : membership.prefix();
    append_who_reply(replies, server, s.nick(), options, entry_of(user, channel->name(), prefix, now));
  }
}

// The users `mask` may see: +i users only when they share a channel with the asker, are the
// asker, or are asked for by their exact nick.
std::vector<WhoEntry> visible_users(Session& s, std::string_view mask, bool opers_only)
    REQUIRES(s.server().registry.mutex()) {
  auto& registry = s.server().registry;
  const chat::User& me = s.user();
  std::unordered_set<const chat::User*> peers;
  for (const chat::Channel* channel : me.channels) {
    for (const auto& membership : channel->members()) peers.insert(membership.user);
  }
  std::time_t now = std::time(nullptr);
  std::vector<WhoEntry> users;
  users.reserve(registry.registered);
  for (const auto& [key, user] : registry.users()) {
    if (!user->registered || (opers_only && !user->oper)) continue;
    if (user->invisible && user != &me && !peers.contains(user) && !equal_folded(mask, user->nick)) continue;
    users.push_back(entry_of(*user, "*", "", now));
  }
  return users;
}

void who_mask(Session& s, const GlobMask& glob, std::string_view mask, const WhoOptions& options,
              std::string& replies) {
  std::vector<WhoEntry> users;
  {
    sys::MutexLock lock(s.server().registry.mutex());
    users = visible_users(s, mask, options.opers_only);
  }
  s.charge_flood(users.size() / kEntriesPerFloodToken);
  const std::string& server = s.server().server_name;
  std::size_t count = 0;
  for (const WhoEntry& user : users) {
    if (!glob.matches(user.nick) && !glob.matches(user.host) && !glob.matches(user.realname)) continue;
    if (++count > kMaxWhoReplies) return append_cut(replies, s);
    append_who_reply(replies, server, s.nick(), options, user);
  }
}

}  // namespace

void handle_who(Session& s, const Message& m) {
  std::string_view mask = m.param_count > 0 && !m.arg(0).empty() ? m.arg(0) : std::string_view("*");
  // RFC 1459 4.5.1: a mask of "0" lists all visible users, like "*"; 315 still echoes "0".
  std::string_view pattern = mask == "0" ? std::string_view("*") : mask;
  const std::string& server = s.server().server_name;
  std::string replies;
  auto options = parse_who_options(m.arg(1));
  if (!options) {
    append_numeric(replies, server, s.nick(), Numeric::ERR_UNKNOWNERROR, {"WHO"},
                   "Invalid WHOX fields: a query type is 1 to 3 digits, and 't' needs one");
  } else if (is_channel_name(mask)) {
    who_channel(s, mask, *options, replies);
  } else if (auto glob = GlobMask::compile(pattern)) {
    who_mask(s, *glob, pattern, *options, replies);
  } else {
    append_numeric(replies, server, s.nick(), Numeric::ERR_UNKNOWNERROR, {"WHO"},
                   "Mask too long (at most " + std::to_string(kMaxMaskLength) + " bytes and " +
                       std::to_string(kMaxMaskWildcards) + " wildcards)");
  }
  // Clients wait for 315 to end every WHO, refused ones included.
  append_numeric(replies, server, s.nick(), Numeric::RPL_ENDOFWHO, {mask.substr(0, 64)});
  s.send(std::move(replies));
}

}  // namespace chatd::irc
