// Registry: every nick and channel on the server, keyed by rfc1459-casefolded name.
//
// Thread rules: one mutex guards the Registry, every Channel and every claimed User's
// fields. Handlers hold it only to read and change state and to format what must be sent,
// then release it before handing lines to Fanout, so no lock is held per recipient.
// Every method REQUIRES: mutex() held by the caller.
#pragma once

#include <cstddef>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "chat/channel.hpp"
#include "chat/monitor_index.hpp"
#include "chat/user.hpp"

namespace chatd::chat {

class Registry {
 public:
  std::mutex& mutex() noexcept { return mutex_; }

  User* find_user(std::string_view nick);
  // Claims `nick` for `user` (releasing its old nick). False when another user holds it.
  bool claim_nick(User& user, std::string_view nick);
  void release_nick(User& user) noexcept;

  Channel* find_channel(std::string_view name);
  // The channel, created (with `created` set true) if it did not exist.
  Channel& open_channel(std::string_view name, bool& created);
  // Removes the user from the channel; drops the channel when it empties (unless declared).
  void leave(User& user, Channel& channel);
  void leave_all(User& user);
  // Drops the channel with this casefolded name if it is empty and not declared.
  void drop_if_empty(const std::string& folded);

  const std::unordered_map<std::string, User*>& users() const noexcept { return users_; }
  const std::unordered_map<std::string, std::unique_ptr<Channel>>& channels() const noexcept { return channels_; }

  // Who MONITORs which nick.
  MonitorIndex monitors;

  // Counters for LUSERS: kept here so they never need a scan.
  std::size_t registered = 0;
  std::size_t invisible = 0;
  std::size_t opers = 0;
  std::size_t max_registered = 0;
  void count_registration(const User& user) noexcept;
  void count_departure(const User& user) noexcept;

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, User*> users_;
  std::unordered_map<std::string, std::unique_ptr<Channel>> channels_;
  std::string key_;  // reused folding buffer
};

}  // namespace chatd::chat
