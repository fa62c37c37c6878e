// What a connection's transport tells the chat about its user: TLS or not (WHOIS 671,
// chatctl users), the client certificate's fingerprint (WHOIS 276) and the address a trusted
// proxy forwarded (the user's host). Shared by every listener protocol.
#pragma once

#include "chat/user.hpp"
#include "net/transport.hpp"

namespace chatd::server {

// Called from on_open, before the user can register: nothing else reads these fields yet, so
// the owning session writes them without the registry lock (chat/user.hpp).
inline void note_transport(const net::Transport* transport, chat::User& user) {
  if (!transport) return;
  user.secure = transport->encrypted();
  user.certfp = transport->peer_fingerprint();
  if (std::string host = transport->peer_host(); !host.empty()) user.host = std::move(host);
}

}  // namespace chatd::server
