#include "sys/socket_address.hpp"

#include <arpa/inet.h>

#include <cstring>
#include <stdexcept>

namespace chatd::sys {

SocketAddress::SocketAddress() noexcept : storage_{}, size_(sizeof(storage_)) {}

SocketAddress SocketAddress::from_numeric(std::string_view host, std::uint16_t port) {
  SocketAddress a;
  std::string h(host == "*" ? "0.0.0.0" : host);
  auto* v4 = reinterpret_cast<sockaddr_in*>(&a.storage_);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.storage_);
  if (inet_pton(AF_INET, h.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    a.size_ = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, h.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    a.size_ = sizeof(sockaddr_in6);
  } else {
    throw std::invalid_argument("not a numeric IPv4 or IPv6 address: " + h);
  }
  return a;
}

std::uint16_t SocketAddress::port() const noexcept {
  if (family() == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&storage_)->sin_port);
  if (family() == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_port);
  return 0;
}

std::string SocketAddress::host() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (family() == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&storage_)->sin_addr, buf, sizeof buf);
  } else if (family() == AF_INET6) {
    const auto& addr = reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_addr;
    if (IN6_IS_ADDR_V4MAPPED(&addr)) {
      inet_ntop(AF_INET, &addr.s6_addr[12], buf, sizeof buf);
    } else {
      inet_ntop(AF_INET6, &addr, buf, sizeof buf);
    }
  }
  return buf;
}

std::string SocketAddress::to_string() const {
  std::string h = host();
  if (family() == AF_INET6 && h.find(':') != std::string::npos) h = "[" + h + "]";
  return h + ":" + std::to_string(port());
}

}  // namespace chatd::sys
