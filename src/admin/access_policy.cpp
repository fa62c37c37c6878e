#include "admin/access_policy.hpp"

#include <grp.h>
#include <pwd.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

namespace chatd::admin {

namespace {

std::optional<gid_t> lookup_group(const std::string& name) {
  std::vector<char> buffer(16384);
  group entry;
  group* found = nullptr;
  if (::getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found) return std::nullopt;
  return found->gr_gid;
}

bool in_group(uid_t uid, gid_t wanted) {
  std::vector<char> buffer(16384);
  passwd entry;
  passwd* found = nullptr;
  if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) != 0 || !found) return false;
  std::vector<gid_t> groups(64);
  int count = static_cast<int>(groups.size());
  if (::getgrouplist(found->pw_name, found->pw_gid, groups.data(), &count) < 0) {
    groups.resize(static_cast<std::size_t>(count));  // count now says how many there are
    if (::getgrouplist(found->pw_name, found->pw_gid, groups.data(), &count) < 0) return false;
  }
  groups.resize(static_cast<std::size_t>(count));
  return std::find(groups.begin(), groups.end(), wanted) != groups.end();
}

}  // namespace

AccessPolicy::AccessPolicy(std::string group_name)
    : group_name_(std::move(group_name)), gid_(lookup_group(group_name_)) {
  if (!gid_) {
    spdlog::warn("admin: group \"{}\" does not exist; the admin socket is usable by root only", group_name_);
  }
}

std::string AccessPolicy::refusal(uid_t uid) const {
  if (uid == 0) return {};
  if (gid_ && in_group(uid, *gid_)) return {};
  std::string reason = "permission denied: uid " + std::to_string(uid) + " is not root";
  if (gid_) return reason + " and not in group " + group_name_;
  return reason + " (group " + group_name_ + " does not exist, so the admin socket is root-only)";
}

}  // namespace chatd::admin
