#include "chat/channel.hpp"

#include <algorithm>

#include "irc/limits.hpp"

namespace chatd::chat {

Channel::Channel(std::string name, std::string folded, std::time_t created)
    : name_(std::move(name)), folded_(std::move(folded)), created_(created) {}

Membership* Channel::find(const User* user) noexcept {
  auto it = std::find_if(members_.begin(), members_.end(), [user](const Membership& m) { return m.user == user; });
  return it == members_.end() ? nullptr : &*it;
}

void Channel::add(User* user, bool op) {
  if (has(user)) return;
  members_.push_back(Membership{user, op, false});
  audience_.reset();
}

void Channel::remove(const User* user) noexcept {
  auto it = std::find_if(members_.begin(), members_.end(), [user](const Membership& m) { return m.user == user; });
  if (it == members_.end()) return;
  // Order of members does not matter; swap-and-pop keeps removal O(1) after the search.
  *it = members_.back();
  members_.pop_back();
  audience_.reset();
}

void Channel::attach(std::shared_ptr<Endpoint> endpoint) {
  attached_.push_back(std::move(endpoint));
  audience_.reset();
}

void Channel::detach(const Endpoint* endpoint) noexcept {
  std::erase_if(attached_, [endpoint](const auto& e) { return e.get() == endpoint; });
  audience_.reset();
}

std::shared_ptr<const Audience> Channel::audience() {
  if (!audience_) {
    auto fresh = std::make_shared<Audience>();
    for (const auto& m : members_) {
      if (auto endpoint = m.user->endpoint.lock()) fresh->add(std::move(endpoint));
    }
    for (const auto& endpoint : attached_) fresh->add(endpoint);
    audience_ = std::move(fresh);
  }
  return audience_;
}

void Channel::set_topic(std::string topic, std::string setter, std::time_t when) {
  topic_ = std::move(topic);
  topic_setter_ = std::move(setter);
  topic_time_ = when;
}

bool Channel::set_flag(char letter, bool on) noexcept {
  switch (letter) {
    case 'i':
      invite_only = on;
      return true;
    case 'm':
      moderated = on;
      return true;
    case 'n':
      no_external = on;
      return true;
    case 's':
      secret = on;
      return true;
    case 't':
      topic_locked = on;
      return true;
    default:
      return false;
  }
}

void Channel::set_flags(std::string_view modes) noexcept {
  for (char c : irc::kFlagModes) set_flag(c, modes.find(c) != std::string_view::npos);
}

std::string Channel::mode_string() const {
  std::string modes = "+";
  if (invite_only) modes += 'i';
  if (!key.empty()) modes += 'k';
  if (limit > 0) modes += 'l';
  if (moderated) modes += 'm';
  if (no_external) modes += 'n';
  if (secret) modes += 's';
  if (topic_locked) modes += 't';
  return modes;
}

}  // namespace chatd::chat
