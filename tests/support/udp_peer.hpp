// UdpPeer: a plain UDP socket playing one of the lab's multicast/broadcast programs in a
// bridge test: a receiver bound to ('', port) with SO_REUSEADDR, joined to the group with
// INADDR_ANY exactly like the lab's receiver, or a sender with IP_MULTICAST_TTL and
// SO_BROADCAST. Every wait is bounded. Create it inside the namespace it belongs to
// (NetnsScope); the socket stays there afterwards.
//
// Use from one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::test {

struct Datagram {
  std::string payload;
  std::string sender;  // "10.99.0.1:40000" or "[fe80::1]:40000"
  int ttl = -1;        // from IP_RECVTTL / IPV6_RECVHOPLIMIT
};

class UdpPeer {
 public:
  // `group` empty: no join (a broadcast receiver). An IPv6 group is joined on `interface`.
  static UdpPeer receiver(std::uint16_t port, std::string_view group = "", std::string_view interface = "");
  static UdpPeer sender(int ttl = 2);
  // An IPv6 sender whose multicast leaves by `interface`.
  static UdpPeer sender6(std::string_view interface, int hops = 1);
  ~UdpPeer();
  UdpPeer(UdpPeer&& other) noexcept;
  UdpPeer& operator=(UdpPeer&&) = delete;
  UdpPeer(const UdpPeer&) = delete;

  void send_to(std::string_view host, std::uint16_t port, std::string_view payload);
  // The next datagram, or nullopt after timeout_ms.
  std::optional<Datagram> receive(int timeout_ms = 3000);
  // Every datagram until none has come for quiet_ms.
  std::vector<Datagram> receive_all(int quiet_ms = 300);

 private:
  UdpPeer(int fd, unsigned scope) : fd_(fd), scope_(scope) {}
  int fd_ = -1;
  unsigned scope_ = 0;  // IPv6: the interface index link-scoped destinations need
};

}  // namespace chatd::test
