// User: a client's identity as the chat sees it (nick, user, host, away, channels), with no
// socket in sight. The session that owns the connection owns its User; once the nick is
// claimed the Registry points at it and other threads read it, so every field is guarded by
// Registry::mutex() (the owning session may read without the lock what only it writes).
#pragma once

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "chat/endpoint.hpp"

namespace chatd::chat {

class Channel;

struct User {
  std::string nick;    // empty until NICK
  std::string folded;  // casefolded nick, the Registry key
  std::string username;
  std::string realname;
  std::string host;
  std::string away;  // empty: not away
  bool registered = false;
  bool invisible = false;
  bool oper = false;       // +o: only OPER sets it
  bool wallops = false;    // +w
  bool bot = false;        // +B (IRCv3 bot mode)
  std::uint32_t caps = 0;  // IRCv3 capabilities (irc::Cap bits); written under the lock
  bool secure = false;     // connected over TLS (WHOIS 671); set once, before registration
  std::string certfp;      // SHA-256 of the client certificate, lowercase hex; empty: none
  std::string account;     // the account logged in to (SASL), as created; empty: none
  std::time_t signon = 0;
  std::time_t last_message = 0;  // for WHOIS idle
  std::vector<Channel*> channels;
  std::weak_ptr<Endpoint> endpoint;  // where lines for this user go
  // The server (cluster node, doc/CLUSTER.md) the user is connected to, as WHOIS and WHO name
  // it; empty: this one. Such a user has no endpoint here: its own node delivers to it.
  std::string server;

  // Pending INVITEs: forgotten when used, when they expire and with the User itself.
  struct Invitation {
    std::string channel;  // casefolded name
    std::time_t expires;
  };
  std::vector<Invitation> invitations;

  // nick!user@host, the source of everything this user says.
  std::string prefix() const { return nick + "!" + username + "@" + host; }
};

}  // namespace chatd::chat
