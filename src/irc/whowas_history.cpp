#include "irc/whowas_history.hpp"

#include <algorithm>

#include "irc/casemap.hpp"

namespace chatd::irc {

void WhowasHistory::record(std::string_view nick, const chat::User& user, std::time_t when) {
  if (nick.empty() || capacity_ == 0 || per_nick_ == 0) return;
  std::string folded = fold(nick);
  // A linear scan of at most capacity_ entries, on QUIT and NICK only: cheap next to the
  // fan-out those cause, and it keeps one ordered container.
  auto same = [&](const Entry& e) { return e.folded == folded; };
  if (static_cast<std::size_t>(std::count_if(entries_.begin(), entries_.end(), same)) >= per_nick_)
    entries_.erase(std::find_if(entries_.begin(), entries_.end(), same));
  if (entries_.size() >= capacity_) entries_.pop_front();
  entries_.push_back({std::string(nick), std::move(folded), user.username, user.host, user.realname, when});
}

std::vector<WhowasHistory::Entry> WhowasHistory::find(std::string_view nick, std::size_t max) const {
  std::vector<Entry> out;
  std::string folded = fold(nick);
  for (auto it = entries_.rbegin(); it != entries_.rend() && (max == 0 || out.size() < max); ++it) {
    if (it->folded == folded) out.push_back(*it);
  }
  return out;
}

}  // namespace chatd::irc
