#include "chat/registry.hpp"

#include <algorithm>

#include "irc/casemap.hpp"

namespace chatd::chat {

User* Registry::find_user(std::string_view nick) {
  irc::fold_into(key_, nick);
  auto it = users_.find(key_);
  return it == users_.end() ? nullptr : it->second;
}

bool Registry::claim_nick(User& user, std::string_view nick) {
  std::string folded = irc::fold(nick);
  auto it = users_.find(folded);
  if (it != users_.end() && it->second != &user) return false;
  if (!user.folded.empty() && user.folded != folded) users_.erase(user.folded);
  users_[folded] = &user;
  user.folded = std::move(folded);
  user.nick = nick;
  return true;
}

void Registry::release_nick(User& user) noexcept {
  if (user.folded.empty()) return;
  auto it = users_.find(user.folded);
  if (it != users_.end() && it->second == &user) users_.erase(it);
  user.folded.clear();
}

Channel* Registry::find_channel(std::string_view name) {
  irc::fold_into(key_, name);
  auto it = channels_.find(key_);
  return it == channels_.end() ? nullptr : it->second.get();
}

Channel& Registry::open_channel(std::string_view name, bool& created) {
  std::string folded = irc::fold(name);
  auto it = channels_.find(folded);
  created = it == channels_.end();
  if (created) {
    auto channel = std::make_unique<Channel>(std::string(name), folded, std::time(nullptr));
    it = channels_.emplace(std::move(folded), std::move(channel)).first;
  }
  return *it->second;
}

void Registry::leave(User& user, Channel& channel) {
  channel.remove(&user);
  auto& list = user.channels;
  list.erase(std::remove(list.begin(), list.end(), &channel), list.end());
  drop_if_empty(channel.folded());
}

void Registry::leave_all(User& user) {
  auto channels = std::move(user.channels);
  user.channels.clear();
  for (Channel* channel : channels) {
    channel->remove(&user);
    drop_if_empty(channel->folded());
  }
}

void Registry::drop_if_empty(const std::string& folded) {
  auto it = channels_.find(folded);
  if (it != channels_.end() && it->second->empty() && !it->second->declared) channels_.erase(it);
}

void Registry::count_registration(const User& user) noexcept {
  ++registered;
  if (user.invisible) ++invisible;
  if (user.oper) ++opers;
  max_registered = std::max(max_registered, registered);
}

void Registry::count_departure(const User& user) noexcept {
  if (!user.registered) return;
  --registered;
  if (user.invisible) --invisible;
  if (user.oper) --opers;
}

}  // namespace chatd::chat
