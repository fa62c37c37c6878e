// AccessPolicy: who may use the admin socket. Root always; otherwise a uid whose primary or
// supplementary groups (getgrouplist on its passwd entry) include the configured group. The
// socket file's mode (0660, that group) already keeps others out; this check is the one that
// holds even if the file's permissions are loosened by hand.
//
// Thread rules: immutable after construction; allows() may be called from any thread.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace chatd::admin {

class AccessPolicy {
 public:
  // Looks the group up once. A group that does not exist leaves the socket to root alone,
  // with a warning: better a working root-only endpoint than a daemon that will not start.
  explicit AccessPolicy(std::string group_name);

  // The group's id, or nullopt when root-only.
  std::optional<gid_t> gid() const noexcept { return gid_; }

  // Empty when `uid` may use the socket; otherwise why not, for the refusal reply.
  std::string refusal(uid_t uid) const;

 private:
  std::string group_name_;
  std::optional<gid_t> gid_;
};

}  // namespace chatd::admin
