#include "account/account_directory.hpp"

#include "irc/casemap.hpp"

namespace chatd::account {

std::optional<std::string> AccountDirectory::find(std::string_view name) const {
  const std::string key = irc::fold(name);
  sys::MutexLock lock(mutex_);
  auto it = names_.find(key);
  if (it == names_.end()) return std::nullopt;
  return it->second;
}

std::size_t AccountDirectory::size() const {
  sys::MutexLock lock(mutex_);
  return names_.size();
}

void AccountDirectory::add(const std::string& name) {
  std::string key = irc::fold(name);
  sys::MutexLock lock(mutex_);
  names_.insert_or_assign(std::move(key), name);
}

void AccountDirectory::remove(std::string_view name) {
  const std::string key = irc::fold(name);
  sys::MutexLock lock(mutex_);
  names_.erase(key);
}

}  // namespace chatd::account
