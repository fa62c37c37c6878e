#include "udp_peer.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace chatd::test {
namespace {

[[noreturn]] void fail(const std::string& what) { throw std::system_error(errno, std::generic_category(), what); }

void set_int(int fd, int level, int name, int value, const char* what) {
  if (::setsockopt(fd, level, name, &value, sizeof value) != 0) fail(what);
}

int udp_socket() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
  if (fd < 0) fail("socket");
  return fd;
}

}  // namespace

UdpPeer UdpPeer::receiver(std::uint16_t port, std::string_view group) {
  UdpPeer peer(udp_socket());
  set_int(peer.fd_, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
  set_int(peer.fd_, IPPROTO_IP, IP_RECVTTL, 1, "IP_RECVTTL");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (::bind(peer.fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) fail("bind");
  if (!group.empty()) {
    ip_mreq mreq{};
    if (::inet_pton(AF_INET, std::string(group).c_str(), &mreq.imr_multiaddr) != 1) {
      throw std::invalid_argument("not an IPv4 group");
    }
    mreq.imr_interface.s_addr = htonl(INADDR_ANY);
    if (::setsockopt(peer.fd_, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof mreq) != 0) fail("IP_ADD_MEMBERSHIP");
  }
  return peer;
}

UdpPeer UdpPeer::sender(int ttl) {
  UdpPeer peer(udp_socket());
  set_int(peer.fd_, IPPROTO_IP, IP_MULTICAST_TTL, ttl, "IP_MULTICAST_TTL");
  set_int(peer.fd_, SOL_SOCKET, SO_BROADCAST, 1, "SO_BROADCAST");
  return peer;
}

UdpPeer::~UdpPeer() {
  if (fd_ >= 0) ::close(fd_);
}

UdpPeer::UdpPeer(UdpPeer&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

void UdpPeer::send_to(std::string_view host, std::uint16_t port, std::string_view payload) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (::inet_pton(AF_INET, std::string(host).c_str(), &addr.sin_addr) != 1) throw std::invalid_argument("host");
  if (::sendto(fd_, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) {
    fail("sendto " + std::string(host));
  }
}

std::optional<Datagram> UdpPeer::receive(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  int ready;
  do {
    ready = ::poll(&p, 1, timeout_ms);
  } while (ready < 0 && errno == EINTR);
  if (ready <= 0) return std::nullopt;
  std::string buffer(65536, '\0');
  sockaddr_in from{};
  iovec iov{buffer.data(), buffer.size()};
  alignas(cmsghdr) char control[256];
  msghdr msg{};
  msg.msg_name = &from;
  msg.msg_namelen = sizeof from;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  const ssize_t n = ::recvmsg(fd_, &msg, 0);
  if (n < 0) fail("recvmsg");
  Datagram d;
  d.payload = buffer.substr(0, static_cast<std::size_t>(n));
  char host[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &from.sin_addr, host, sizeof host);
  d.sender = std::string(host) + ":" + std::to_string(ntohs(from.sin_port));
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) {
      int ttl = 0;
      std::memcpy(&ttl, CMSG_DATA(c), sizeof ttl);
      d.ttl = ttl;
    }
  }
  return d;
}

std::vector<Datagram> UdpPeer::receive_all(int quiet_ms) {
  std::vector<Datagram> out;
  while (auto d = receive(quiet_ms)) out.push_back(std::move(*d));
  return out;
}

}  // namespace chatd::test
