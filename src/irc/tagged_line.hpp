// IRCv3 tags on relayed lines: the server-time stamp, the client-only tags a sender attached,
// and the few variants of one line that recipients with different capabilities need. A line
// is formatted once per variant, never once per recipient. Pure functions; any thread.
#pragma once

#include <ctime>
#include <string>
#include <string_view>

#include "chat/endpoint.hpp"

namespace chatd::irc {

// The client tag section (after '@', before the space) may be at most this long (IRCv3).
inline constexpr std::size_t kMaxClientTagBytes = 4094;

// "2026-11-24T03:16:15.123Z", the server-time format, for now.
std::string server_time_now();

// The client-only tags ("+key[=value]") of a raw tag section, re-escaped and joined with ';';
// every other tag is dropped. "" when there are none.
std::string client_only_tags(std::string_view raw_tags);

// The variants of `line` (a complete "...\r\n" line without tags): plain, with @time, with the
// client tags, with both. Entries that would be identical share one string. With
// `tags_only_clients` the plain and time-only variants are null: a TAGMSG means nothing to a
// client without message-tags.
chat::SharedVariants make_variants(std::string line, std::string_view client_tags = {}, bool tags_only_clients = false);

}  // namespace chatd::irc
