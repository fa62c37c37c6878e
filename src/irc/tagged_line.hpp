// IRCv3 tags on relayed lines: the server-time stamp, the msgid, the bot tag, the client-only
// tags a sender attached, and the few variants of one line that recipients with different
// capabilities need. A line is formatted once per variant, never once per recipient. Pure
// functions; any thread.
#pragma once

#include <chrono>
#include <ctime>
#include <string>
#include <string_view>

#include "chat/endpoint.hpp"
#include "irc/capabilities.hpp"

namespace chatd::irc {

// The tag data a client may send (between '@' and the space), client-only tags or not
// (IRCv3 message-tags: 417 beyond). Servers may add as much again, so a relayed line's tag
// section stays within 8191 bytes with '@', ';' and the space; chatd adds at most about 150.
inline constexpr std::size_t kMaxClientTagBytes = 4094;

// "2026-11-24T03:16:15.123Z", the server-time format, for `now`.
std::string server_time(std::chrono::system_clock::time_point now);
inline std::string server_time_now() { return server_time(std::chrono::system_clock::now()); }

// The client-only tags ("+key[=value]") of a raw tag section, re-escaped and joined with ';';
// every other tag is dropped. "" when there are none.
std::string client_only_tags(std::string_view raw_tags);

// What a relayed message carries besides its text: for recipients with message-tags, and the
// sender's account for those with account-tag.
struct RelayTags {
  std::string_view account;        // the sender's account (account-tag); "" when logged in to none
  std::string_view client_tags;    // from client_only_tags()
  std::string_view msgid;          // "" for none
  bool bot = false;                // the sender has user mode +B: a valueless `bot` tag
  bool tags_only_clients = false;  // TAGMSG: means nothing to a client without message-tags
};

// The variants of `line` (a complete "...\r\n" line without tags): plain, with @time, with the
// server and client tags of `tags`, with both; each again with @account when tags.account is
// set (time first, then account, then the message-tags ones; server tags before client tags,
// as the spec asks). Entries that would be identical share one string: without an account the
// account kinds are the others' pointers, so nothing more is formatted. With
// tags.tags_only_clients the variants without message-tags are null.
chat::SharedVariants make_variants(std::string line, const RelayTags& tags = {},
                                   std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// The index into LineVariants::by_kind for a client with capabilities `caps`.
inline std::size_t variant_kind(std::uint32_t caps) noexcept {
  std::size_t kind = 0;
  if (caps & kCapServerTime) kind |= chat::LineVariants::kVariantTime;
  if (caps & kCapMessageTags) kind |= chat::LineVariants::kVariantTags;
  if (caps & kCapAccountTag) kind |= chat::LineVariants::kVariantAccount;
  return kind;
}

}  // namespace chatd::irc
