// What the history store keeps of one channel message, and what a CHATHISTORY request asks
// for. Plain values: built on a worker, moved to the store thread, answered from there.
//
// Thread rules: values; any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace chatd::store {

// One PRIVMSG, NOTICE or TAGMSG to a channel or, for each party logged in to an account, to a
// nick (irc/private_history.hpp), as relayed; or, for draft/event-playback, one
// JOIN, PART, QUIT, KICK, NICK, TOPIC or MODE seen in it (a QUIT or NICK once per channel).
struct HistoryRecord {
  std::string target;        // the channel, casefolded, or "~account/nick": the key history is kept under
  std::string target_name;   // the channel or nick as the line named it ("#Lab", "Bob")
  std::int64_t time_ms = 0;  // the server-time stamp, milliseconds since the Unix epoch
  std::string msgid;
  std::string command;      // "PRIVMSG", "NOTICE", "TAGMSG", or an event's
  std::string sender;       // nick!user@host (a server name for an admin's KICK)
  std::string client_tags;  // "+key=value;..." as relayed, "" for none
  std::string text;         // the trailing parameter; "" for TAGMSG, JOIN and MODE
  std::string params;       // an event's middle parameters after the channel: KICK's nick, MODE's
  std::string account;      // a message's sender's account as it was (account-tag); "" for none or an event

  bool operator==(const HistoryRecord&) const = default;
};

// A point in a channel's history: a message (by msgid) or a moment (by timestamp).
struct HistoryRef {
  enum class Kind { kNone, kMsgid, kTimestamp };
  Kind kind = Kind::kNone;  // kNone: "*" (LATEST only)
  std::string msgid;
  std::int64_t time_ms = 0;
};

// One CHATHISTORY subcommand against one channel (TARGETS has its own request).
struct HistoryQuery {
  enum class Kind { kLatest, kBefore, kAfter, kAround, kBetween };
  Kind kind = Kind::kLatest;
  std::string target;  // casefolded channel
  HistoryRef from;
  HistoryRef to;  // BETWEEN only
  unsigned limit = 0;
  // What the asking client understands: events (draft/event-playback) and TAGMSG (message-tags).
  // The others are left out before the limit is applied, so a page is always full.
  bool events = false;
  bool tagmsg = true;
};

// CHATHISTORY TARGETS: of `channels` (casefolded), and of the private conversations whose
// keys start with `private_prefix` (none when ""), those with messages strictly between the
// two times, with the time of their latest message there (events do not count).
struct TargetsQuery {
  std::vector<std::string> channels;
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;
  unsigned limit = 0;
  std::string private_prefix;
};

// A channel's, or a private conversation's: then `key` is set and the correspondent is its
// latest line's target or sender (irc::correspondent_name).
struct TargetActivity {
  std::string target_name;
  std::int64_t latest_ms = 0;
  std::string key;     // "" for a channel
  std::string sender;  // a conversation's latest line's, "" for a channel
};

}  // namespace chatd::store
