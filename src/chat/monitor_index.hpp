// MonitorIndex: who MONITORs which nick (IRCv3 monitor). Two maps kept in step: folded nick →
// watchers, so a registration, quit or nick change finds whom to tell with one hash look-up,
// and watcher → its targets, for MONITOR L, S and C and for forgetting a watcher that leaves.
// Each watcher's list is capped by the limit the caller passes (ISUPPORT MONITOR=), so the
// whole index holds at most users × limit entries.
//
// Thread rules: part of the chat state, guarded by Registry::mutex(); every method REQUIRES it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chat/user.hpp"

namespace chatd::chat {

class MonitorIndex {
 public:
  struct Target {
    std::string nick;    // as the watcher wrote it, for MONITOR L
    std::string folded;  // the key
  };
  enum class Added { kNew, kAlready, kFull };

  // Adds `nick` to the watcher's list unless it is there already or the list holds `limit`.
  Added add(const User* watcher, std::string_view nick, std::size_t limit);
  // Removes `nick` from the watcher's list, if there.
  void remove(const User* watcher, std::string_view nick);
  // Empties the watcher's list (MONITOR C, and when the watcher leaves).
  void clear(const User* watcher);

  // The watcher's targets in the order added; empty when none.
  const std::vector<Target>& targets(const User* watcher) const;
  // Who watches this casefolded nick; empty when nobody.
  const std::vector<const User*>& watchers(const std::string& folded) const;

  // Entries in the whole index, and nicks with at least one watcher (for tests and stats).
  std::size_t entries() const noexcept { return entries_; }
  std::size_t watched_nicks() const noexcept { return by_nick_.size(); }

 private:
  void unlink(const User* watcher, const std::string& folded);

  std::unordered_map<std::string, std::vector<const User*>> by_nick_;
  std::unordered_map<const User*, std::vector<Target>> by_watcher_;
  std::size_t entries_ = 0;
};

}  // namespace chatd::chat
