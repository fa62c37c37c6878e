// Private message history: where a PRIVMSG, NOTICE or TAGMSG between two nicks is kept, and
// who may read it. Each party logged in to an account gets its own copy, kept under a key
// naming that account and the other party's nick ("~alice/bob"), so a conversation is read
// only by the account it belongs to: a nick alone unlocks nothing, and a user who is logged in
// to no account neither leaves nor reads private history. The keys share the channel history's
// table and limits; a channel name starts with '#' or '&' and neither accounts nor nicks
// contain '~' (casefolded to '^') or '/', so no key is both, or two conversations at once.
//
// Thread rules: pure functions; any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/history_record.hpp"

namespace chatd::irc {

// "~" + folded account + "/": what every key of `account`'s conversations starts with.
std::string private_history_prefix(std::string_view account);
// The key of `account`'s conversation with `nick`.
std::string private_history_key(std::string_view account, std::string_view nick);
bool is_private_history_key(std::string_view key) noexcept;

// Who a private message went between: accounts "" when not logged in.
struct PrivateParties {
  std::string_view sender_account;
  std::string_view sender_nick;
  std::string_view recipient_account;
  std::string_view recipient_nick;
};

// The copies of `message` (a record whose target is still empty, target_name the nick the
// line named) to store: the sender's, keyed by the recipient, and the recipient's, keyed by
// the sender, for each party logged in; one when both keys are the same (a message to oneself).
std::vector<store::HistoryRecord> private_history_copies(const store::HistoryRecord& message,
                                                         const PrivateParties& parties);

// The nick a conversation key names, as one of its lines showed it: the target of a line the
// account's user sent, or the sender of one it received (`sender` is nick!user@host). The
// folded nick from the key when neither matches.
std::string correspondent_name(std::string_view key, std::string_view target_name, std::string_view sender);

}  // namespace chatd::irc
