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
  std::string sender;  // "10.99.0.1:40000"
  int ttl = -1;        // from IP_RECVTTL
};

class UdpPeer {
 public:
  // `group` empty: no join (a broadcast receiver).
  static UdpPeer receiver(std::uint16_t port, std::string_view group = "");
  static UdpPeer sender(int ttl = 2);
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
  explicit UdpPeer(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace chatd::test
