// The arguments of CHATHISTORY (IRCv3 draft/chathistory), checked and turned into a request:
//
//   CHATHISTORY LATEST  <target> <* | msgid=id | timestamp=t> <limit>
//   CHATHISTORY BEFORE | AFTER | AROUND <target> <reference> <limit>
//   CHATHISTORY BETWEEN <target> <reference> <reference> <limit>
//   CHATHISTORY TARGETS <timestamp=t> <timestamp=t> <limit>
//
// A timestamp is server-time's "YYYY-MM-DDThh:mm:ss[.fraction]Z"; a limit above the server's
// maximum is lowered to it. Anything else is an error naming the FAIL code and its context.
//
// Thread rules: pure functions; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/history_record.hpp"

namespace chatd::irc {

struct ChathistoryRequest {
  enum class Sub { kLatest, kBefore, kAfter, kAround, kBetween, kTargets };
  Sub sub = Sub::kLatest;
  std::string subcommand;  // upper-cased, for replies
  std::string target;      // as given ("" for TARGETS)
  store::HistoryRef from;
  store::HistoryRef to;  // BETWEEN and TARGETS
  unsigned limit = 0;
};

struct ChathistoryError {
  std::string code;                  // "INVALID_PARAMS", "NEED_MORE_PARAMS", "UNKNOWN_COMMAND"
  std::vector<std::string> context;  // the FAIL line's parameters after the code
  std::string text;
};

// `args` are CHATHISTORY's parameters (subcommand first). Sets exactly one of the results.
void parse_chathistory(const std::vector<std::string_view>& args, unsigned max_limit,
                       std::optional<ChathistoryRequest>& request, std::optional<ChathistoryError>& error);

// "timestamp=..." / "msgid=..." / "*" (when star_ok) as a reference, or nullopt.
std::optional<store::HistoryRef> parse_history_ref(std::string_view text, bool star_ok);

// Milliseconds since the epoch for "YYYY-MM-DDThh:mm:ss[.fraction]Z", or nullopt.
std::optional<std::int64_t> parse_server_time(std::string_view text);

}  // namespace chatd::irc
