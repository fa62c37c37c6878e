// Channel: a named group: members with their channel privileges, topic and creation time.
// Guarded by Registry::mutex(). The Audience snapshot is rebuilt lazily after membership
// changes, so a burst of JOINs costs nothing until someone speaks, and speakers share the
// snapshot without holding the lock while they deliver.
#pragma once

#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chat/audience.hpp"
#include "chat/user.hpp"

namespace chatd::irc {
class GlobMask;
}

namespace chatd::chat {

struct Membership {
  User* user;
  bool op = false;
  bool voice = false;
  // "@" / "+" / "" as NAMES and WHO show it (the highest only, without multi-prefix).
  const char* prefix() const noexcept { return op ? "@" : voice ? "+" : ""; }
  // Every prefix the member has, highest first, for clients with multi-prefix.
  const char* all_prefixes() const noexcept { return op && voice ? "@+" : prefix(); }
  // Ops and voiced members may speak in +m channels and through bans.
  bool can_speak_anyway() const noexcept { return op || voice; }
};

// One +b, +e or +I entry as RPL_BANLIST, RPL_EXCEPTLIST and RPL_INVITELIST show it.
struct Ban {
  std::string mask;    // normalised nick!user@host glob
  std::string setter;  // nick of whoever set it
  std::time_t when;
  // The mask compiled once when it is set (irc/glob.hpp), so checking a speaker against the
  // list does not compile it again per message; null: compile when matching.
  std::shared_ptr<const irc::GlobMask> glob;
};

class Channel {
 public:
  Channel(std::string name, std::string folded, std::time_t created);

  const std::string& name() const noexcept { return name_; }
  const std::string& folded() const noexcept { return folded_; }
  std::time_t created() const noexcept { return created_; }

  const std::vector<Membership>& members() const noexcept { return members_; }
  std::size_t size() const noexcept { return members_.size(); }
  bool empty() const noexcept { return members_.empty(); }
  Membership* find(const User* user) noexcept;
  bool has(const User* user) noexcept { return find(user) != nullptr; }
  // Channel operators, and server operators, who act as channel operators everywhere.
  bool is_operator(const User* user) noexcept {
    const Membership* m = find(user);
    return user->oper || (m && m->op);
  }
  void add(User* user, bool op);
  void remove(const User* user) noexcept;

  // Endpoints that hear the channel without being members (the datagram bridges): they are in
  // audience() but never in members(), so NAMES, WHO and the member count do not show them.
  const std::vector<std::shared_ptr<Endpoint>>& attached() const noexcept { return attached_; }
  void attach(std::shared_ptr<Endpoint> endpoint);
  void detach(const Endpoint* endpoint) noexcept;

  // The current receivers; rebuilt here if membership changed since the last call.
  std::shared_ptr<const Audience> audience();

  const std::string& topic() const noexcept { return topic_; }
  const std::string& topic_setter() const noexcept { return topic_setter_; }
  std::time_t topic_time() const noexcept { return topic_time_; }
  void set_topic(std::string topic, std::string setter, std::time_t when);

  // Channel modes. New channels get [server] default_channel_modes on top of these.
  bool no_external = true;      // +n
  bool topic_locked = true;     // +t
  bool secret = false;          // +s
  bool invite_only = false;     // +i
  bool moderated = false;       // +m
  std::string key;              // +k; empty: none
  std::size_t limit = 0;        // +l; 0: none
  std::vector<Ban> bans;        // +b
  std::vector<Ban> exceptions;  // +e: masks the bans do not apply to
  std::vector<Ban> invex;       // +I: masks that pass +i without an invitation
  bool declared = false;        // from the config: kept while empty
  bool history = true;          // [[channel]] history = false: nothing stored or served

  // Sets or clears a parameterless mode (i m n s t); false for any other letter.
  bool set_flag(char letter, bool on) noexcept;
  // Exactly the flag modes in `modes` ("+nt"; other letters are ignored): the rest are cleared.
  void set_flags(std::string_view modes) noexcept;
  // "+iklmnst" (the letters only; the key and limit are fields above).
  std::string mode_string() const;

 private:
  std::string name_;
  std::string folded_;
  std::time_t created_;
  std::vector<Membership> members_;
  std::vector<std::shared_ptr<Endpoint>> attached_;
  std::shared_ptr<const Audience> audience_;  // null when stale
  std::string topic_;
  std::string topic_setter_;
  std::time_t topic_time_ = 0;
};

}  // namespace chatd::chat
