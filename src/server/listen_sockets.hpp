// Opening the [[listen]] sockets, adopting the ones systemd passed by socket activation.
//
// A passed socket serves the [[listen]] entry whose address equals the address it is bound
// to (getsockname); failing that, the first remaining entry on the same port whose protocol
// equals the socket's FileDescriptorName (so chatd.socket's "ListenStream=6667" +
// "FileDescriptorName=irc" serves "0.0.0.0:6667", protocol "irc", although systemd bound it
// to [::]:6667; chatd-web.socket's sockets are named "websocket"). Entries
// nothing was passed for are bound as usual; passed sockets that match nothing are closed.
//
// Thread rules: main thread only, before any other thread starts.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "sys/socket_address.hpp"
#include "sys/unique_fd.hpp"

namespace chatd::server {

// What the matcher needs to know of one passed socket.
struct PassedSocketInfo {
  std::string name;                           // FileDescriptorName=
  std::optional<sys::SocketAddress> address;  // nullopt: not a bound TCP listener
};

// For each spec, the index of the passed socket it adopts, or nullopt to bind its own.
// Each passed socket is used at most once; a socket without an address matches nothing.
std::vector<std::optional<std::size_t>> match_passed_sockets(const std::vector<config::ListenSpec>& specs,
                                                             const std::vector<PassedSocketInfo>& passed);

// One listening fd per spec, in order: adopted from systemd or bound here. Logs each listener
// and each passed socket it closes. Throws std::system_error when a bind fails.
std::vector<sys::UniqueFd> open_listen_sockets(const std::vector<config::ListenSpec>& specs);

}  // namespace chatd::server
