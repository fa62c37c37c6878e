// User: a client's identity as the chat sees it (nick, user, host, away, channels), with no
// socket in sight. The session that owns the connection owns its User; once the nick is
// claimed the Registry points at it and other threads read it, so every field is guarded by
// Registry::mutex() (the owning session may read without the lock what only it writes).
#pragma once

#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "chat/endpoint.hpp"

namespace chatd::chat {

class Channel;

struct User {
  std::string nick;       // empty until NICK
  std::string folded;     // casefolded nick, the Registry key
  std::string username;
  std::string realname;
  std::string host;
  std::string away;       // empty: not away
  bool registered = false;
  bool invisible = false;
  bool oper = false;
  std::time_t signon = 0;
  std::time_t last_message = 0;  // for WHOIS idle
  std::vector<Channel*> channels;
  std::weak_ptr<Endpoint> endpoint;  // where lines for this user go

  // nick!user@host, the source of everything this user says.
  std::string prefix() const { return nick + "!" + username + "@" + host; }
};

}  // namespace chatd::chat
