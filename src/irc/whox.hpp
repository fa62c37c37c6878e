// WHO's two reply formats: the classic 352, and WHOX's 354 carrying exactly the fields the
// client picked ("WHO #c %tcnf,42", IRCv3 WHOX). Parsing WHO's second parameter and
// formatting one reply are pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace chatd::irc {

// WHOX field letters in the order 354 carries them (ircu's order, which every client expects).
inline constexpr std::string_view kWhoxFieldOrder = "tcuihsnfdlaor";

struct WhoOptions {
  bool opers_only = false;  // the "o" flag: server operators only
  bool whox = false;        // a '%' field list was given: answer with 354
  std::string fields;       // the requested letters of kWhoxFieldOrder, in that order, each once
  std::string token;        // the query type echoed by 't': 1..3 digits, or empty
};

// Parses WHO's second parameter: "", "o", "%fields", "%fields,token", "o%fields,token".
// Unknown flag and field letters are ignored (other servers define more). nullopt when the
// token is not 1..3 digits, or 't' is asked for without one.
std::optional<WhoOptions> parse_who_options(std::string_view arg);

// One user as a WHO reply shows it, copied out of the registry so that matching and
// formatting run without the lock.
struct WhoEntry {
  std::string channel = "*";  // the channel asked about, or "*"
  std::string username;
  std::string host;  // also the IP address: chatd does no reverse DNS
  std::string nick;
  std::string flags;  // H or G (away), '*' for server operators, then the channel prefixes
  std::string realname;
  std::string account;  // the account logged in to; empty: none ("0" in %a)
  long idle = 0;        // seconds since the user last spoke
  std::string server;   // the user's server when another cluster node's; empty: this one
};

// Appends one 352 (classic) or 354 (WHOX) line for `entry` to `out`. Fields chatd has no value
// for are the documented placeholders: account "0" (not logged in), hop count "0", op level "n/a".
void append_who_reply(std::string& out, std::string_view server, std::string_view client, const WhoOptions& options,
                      const WhoEntry& entry);

}  // namespace chatd::irc
