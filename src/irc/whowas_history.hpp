// WhowasHistory: who recently used a nick, for WHOWAS: one entry per QUIT of a registered
// user and per NICK away from a nick. Bounded: at most kWhowasEntries entries in all and
// kWhowasPerNick for any one nick; the oldest go first (WHOWAS then answers 406).
//
// Thread rules: guarded by the registry mutex, like the chat state it records.
#pragma once

#include <ctime>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "chat/user.hpp"

namespace chatd::irc {

class WhowasHistory {
 public:
  struct Entry {
    std::string nick;
    std::string folded;  // casefolded nick, the lookup key
    std::string username;
    std::string host;
    std::string realname;
    std::time_t when;  // when the nick was left
  };

  WhowasHistory(std::size_t capacity, std::size_t per_nick) : capacity_(capacity), per_nick_(per_nick) {}

  // Remembers that `user` (its user name, host and real name) left `nick` at `when`.
  // REQUIRES: registry lock.
  void record(std::string_view nick, const chat::User& user, std::time_t when);
  // The entries for a nick, newest first; at most `max` of them, or all when `max` is 0.
  // REQUIRES: registry lock.
  std::vector<Entry> find(std::string_view nick, std::size_t max) const;
  std::size_t size() const noexcept { return entries_.size(); }

 private:
  std::size_t capacity_;
  std::size_t per_nick_;
  std::deque<Entry> entries_;  // oldest first
};

}  // namespace chatd::irc
