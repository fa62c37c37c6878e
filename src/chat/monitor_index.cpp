#include "chat/monitor_index.hpp"

#include <algorithm>

#include "irc/casemap.hpp"

namespace chatd::chat {

namespace {
const std::vector<MonitorIndex::Target> kNoTargets;
const std::vector<const User*> kNoWatchers;
}  // namespace

MonitorIndex::Added MonitorIndex::add(const User* watcher, std::string_view nick, std::size_t limit) {
  std::string folded = irc::fold(nick);
  auto& list = by_watcher_[watcher];
  auto same = [&](const Target& t) { return t.folded == folded; };
  if (std::any_of(list.begin(), list.end(), same)) return Added::kAlready;
  if (list.size() >= limit) {
    if (list.empty()) by_watcher_.erase(watcher);
    return Added::kFull;
  }
  by_nick_[folded].push_back(watcher);
  list.push_back(Target{std::string(nick), std::move(folded)});
  ++entries_;
  return Added::kNew;
}

void MonitorIndex::remove(const User* watcher, std::string_view nick) {
  auto it = by_watcher_.find(watcher);
  if (it == by_watcher_.end()) return;
  std::string folded = irc::fold(nick);
  auto& list = it->second;
  auto entry = std::find_if(list.begin(), list.end(), [&](const Target& t) { return t.folded == folded; });
  if (entry == list.end()) return;
  list.erase(entry);
  unlink(watcher, folded);
  if (list.empty()) by_watcher_.erase(it);
}

void MonitorIndex::clear(const User* watcher) {
  auto it = by_watcher_.find(watcher);
  if (it == by_watcher_.end()) return;
  for (const Target& target : it->second) unlink(watcher, target.folded);
  by_watcher_.erase(it);
}

void MonitorIndex::unlink(const User* watcher, const std::string& folded) {
  auto it = by_nick_.find(folded);
  if (it == by_nick_.end()) return;
  auto& watchers = it->second;
  auto pos = std::find(watchers.begin(), watchers.end(), watcher);
  if (pos == watchers.end()) return;
  // Order among watchers means nothing: swap and pop keeps removal O(1) after the find.
  *pos = watchers.back();
  watchers.pop_back();
  --entries_;
  if (watchers.empty()) by_nick_.erase(it);
}

const std::vector<MonitorIndex::Target>& MonitorIndex::targets(const User* watcher) const {
  auto it = by_watcher_.find(watcher);
  return it == by_watcher_.end() ? kNoTargets : it->second;
}

const std::vector<const User*>& MonitorIndex::watchers(const std::string& folded) const {
  auto it = by_nick_.find(folded);
  return it == by_nick_.end() ? kNoWatchers : it->second;
}

}  // namespace chatd::chat
