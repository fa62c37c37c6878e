// The two UDP sockets of one bridge and the setsockopt work behind them: joining a multicast
// group on the configured interface (ip_mreqn / IPV6_JOIN_GROUP), TTL, outgoing interface and
// loop, or SO_BROADCAST for a broadcast bridge.
//
// Two sockets, so the bridge can tell its own datagrams from everyone else's: `tx` is bound
// to the interface's address and an ephemeral port nobody else holds, and anything that
// arrives on `rx` from exactly that address and port is our own echo (looped back by
// IP_MULTICAST_LOOP, or a broadcast heard by its sender).
//
// Thread rules: open_bridge_sockets is a plain function (any thread); the result belongs to
// the thread that uses it, like any UniqueFd.
#pragma once

#include <vector>

#include "config/config.hpp"
#include "sys/socket_address.hpp"
#include "sys/unique_fd.hpp"

namespace chatd::bridge {

struct BridgeSockets {
  sys::UniqueFd rx;                           // bound to the port (and group); hears datagrams
  sys::UniqueFd tx;                           // sends; never read
  sys::SocketAddress destination;             // group:port or broadcast:port
  sys::SocketAddress tx_local;                // tx's own address and port
  std::vector<sys::SocketAddress> own_hosts;  // IPv6: the host's addresses, when tx is unbound

  // Whether a datagram from `sender` was sent by this bridge. With an unbound IPv6 tx the
  // kernel picks the source, perhaps an address that appeared after open (a link-local one
  // leaving DAD), so a sender on our port with an unknown address refreshes own_hosts once.
  bool is_own(const sys::SocketAddress& sender);
};

// Non-blocking, close-on-exec sockets, configured for `spec`. Throws std::system_error
// naming the call that failed (no such local address, interface gone, join refused ...).
BridgeSockets open_bridge_sockets(const config::BridgeSpec& spec);

}  // namespace chatd::bridge
