#include "udp_peer.hpp"

#include <arpa/inet.h>
#include <net/if.h>
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

int udp_socket(int family) {
  const int fd = ::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
  if (fd < 0) fail("socket");
  return fd;
}

unsigned interface_index(std::string_view interface) {
  if (interface.empty()) return 0;
  const unsigned index = ::if_nametoindex(std::string(interface).c_str());
  if (index == 0) fail("if_nametoindex " + std::string(interface));
  return index;
}

}  // namespace

UdpPeer UdpPeer::receiver(std::uint16_t port, std::string_view group, std::string_view interface) {
  const bool v6 = group.find(':') != std::string_view::npos;
  UdpPeer peer(udp_socket(v6 ? AF_INET6 : AF_INET), interface_index(interface));
  set_int(peer.fd_, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
  if (v6) {
    set_int(peer.fd_, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
    sockaddr_in6 addr{};
    addr.sin6_family = AF_INET6;
    addr.sin6_port = htons(port);
    if (::bind(peer.fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) fail("bind");
    ipv6_mreq mreq{};
    if (::inet_pton(AF_INET6, std::string(group).c_str(), &mreq.ipv6mr_multiaddr) != 1) {
      throw std::invalid_argument("not an IPv6 group");
    }
    mreq.ipv6mr_interface = peer.scope_;
    if (::setsockopt(peer.fd_, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq, sizeof mreq) != 0) fail("IPV6_JOIN_GROUP");
    return peer;
  }
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
  UdpPeer peer(udp_socket(AF_INET), 0);
  set_int(peer.fd_, IPPROTO_IP, IP_MULTICAST_TTL, ttl, "IP_MULTICAST_TTL");
  set_int(peer.fd_, SOL_SOCKET, SO_BROADCAST, 1, "SO_BROADCAST");
  return peer;
}

UdpPeer UdpPeer::sender6(std::string_view interface, int hops) {
  UdpPeer peer(udp_socket(AF_INET6), interface_index(interface));
  set_int(peer.fd_, IPPROTO_IPV6, IPV6_MULTICAST_IF, static_cast<int>(peer.scope_), "IPV6_MULTICAST_IF");
  set_int(peer.fd_, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, hops, "IPV6_MULTICAST_HOPS");
  return peer;
}

UdpPeer::~UdpPeer() {
  if (fd_ >= 0) ::close(fd_);
}

UdpPeer::UdpPeer(UdpPeer&& other) noexcept : fd_(std::exchange(other.fd_, -1)), scope_(other.scope_) {}

void UdpPeer::send_to(std::string_view host, std::uint16_t port, std::string_view payload) {
  sockaddr_storage storage{};
  socklen_t size = 0;
  const std::string text(host);
  if (text.find(':') != std::string::npos) {
    auto* addr = reinterpret_cast<sockaddr_in6*>(&storage);
    addr->sin6_family = AF_INET6;
    addr->sin6_port = htons(port);
    addr->sin6_scope_id = scope_;
    if (::inet_pton(AF_INET6, text.c_str(), &addr->sin6_addr) != 1) throw std::invalid_argument("host");
    size = sizeof *addr;
  } else {
    auto* addr = reinterpret_cast<sockaddr_in*>(&storage);
    addr->sin_family = AF_INET;
    addr->sin_port = htons(port);
    if (::inet_pton(AF_INET, text.c_str(), &addr->sin_addr) != 1) throw std::invalid_argument("host");
    size = sizeof *addr;
  }
  if (::sendto(fd_, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&storage), size) < 0) {
    fail("sendto " + text);
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
  sockaddr_storage from{};
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
  char host[INET6_ADDRSTRLEN] = {};
  if (from.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&from);
    ::inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
    d.sender = "[" + std::string(host) + "]:" + std::to_string(ntohs(a->sin6_port));
  } else {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&from);
    ::inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
    d.sender = std::string(host) + ":" + std::to_string(ntohs(a->sin_port));
  }
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    const bool ttl = (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
                     (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT);
    if (ttl) std::memcpy(&d.ttl, CMSG_DATA(c), sizeof d.ttl);
  }
  return d;
}

std::vector<Datagram> UdpPeer::receive_all(int quiet_ms) {
  std::vector<Datagram> out;
  while (auto d = receive(quiet_ms)) out.push_back(std::move(*d));
  return out;
}

}  // namespace chatd::test
