// Registry: every nick and channel on the server, keyed by rfc1459-casefolded name.
//
// Thread rules: one mutex guards the Registry, every Channel and every claimed User's
// fields. Handlers hold it only to read and change state and to format what must be sent,
// then release it before handing lines to Fanout, so no lock is held per recipient.
// Every method REQUIRES: mutex() held by the caller (annotated: clang checks it).
#pragma once

#include <cstddef>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "chat/channel.hpp"
#include "chat/monitor_index.hpp"
#include "chat/user.hpp"
#include "sys/mutex.hpp"

namespace chatd::chat {

class Registry {
 public:
  sys::Mutex& mutex() const noexcept RETURN_CAPABILITY(mutex_) { return mutex_; }

  User* find_user(std::string_view nick) REQUIRES(mutex_);
  // Claims `nick` for `user` (releasing its old nick). False when another user holds it.
  bool claim_nick(User& user, std::string_view nick) REQUIRES(mutex_);
  void release_nick(User& user) noexcept REQUIRES(mutex_);

  Channel* find_channel(std::string_view name) REQUIRES(mutex_);
  // The channel, created (with `created` set true) if it did not exist.
  Channel& open_channel(std::string_view name, bool& created) REQUIRES(mutex_);
  // Removes the user from the channel; drops the channel when it empties (unless declared).
  void leave(User& user, Channel& channel) REQUIRES(mutex_);
  void leave_all(User& user) REQUIRES(mutex_);
  // Drops the channel with this casefolded name if it is empty and not declared.
  void drop_if_empty(const std::string& folded) REQUIRES(mutex_);

  const std::unordered_map<std::string, User*>& users() const noexcept REQUIRES(mutex_) { return users_; }
  const std::unordered_map<std::string, std::unique_ptr<Channel>>& channels() const noexcept REQUIRES(mutex_) {
    return channels_;
  }

  // Who MONITORs which nick.
  MonitorIndex monitors GUARDED_BY(mutex_);

  // Counters for LUSERS: kept here so they never need a scan.
  std::size_t registered GUARDED_BY(mutex_) = 0;
  std::size_t invisible GUARDED_BY(mutex_) = 0;
  std::size_t opers GUARDED_BY(mutex_) = 0;
  std::size_t max_registered GUARDED_BY(mutex_) = 0;
  void count_registration(const User& user) noexcept REQUIRES(mutex_);
  void count_departure(const User& user) noexcept REQUIRES(mutex_);

 private:
  mutable sys::Mutex mutex_;
  std::unordered_map<std::string, User*> users_ GUARDED_BY(mutex_);
  std::unordered_map<std::string, std::unique_ptr<Channel>> channels_ GUARDED_BY(mutex_);
  std::string key_ GUARDED_BY(mutex_);  // reused folding buffer
};

}  // namespace chatd::chat
