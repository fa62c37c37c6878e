// SocketAddress: an IPv4 or IPv6 socket address as a plain value (sockaddr_storage + length).
// Pure value type; safe to copy between threads.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace chatd::sys {

class SocketAddress {
 public:
  SocketAddress() noexcept;

  // Parses a numeric host ("0.0.0.0", "::1", "*" for any IPv4). Throws std::invalid_argument.
  static SocketAddress from_numeric(std::string_view host, std::uint16_t port);

  sockaddr* data() noexcept { return reinterpret_cast<sockaddr*>(&storage_); }
  const sockaddr* data() const noexcept { return reinterpret_cast<const sockaddr*>(&storage_); }
  socklen_t size() const noexcept { return size_; }
  socklen_t* size_ptr() noexcept { return &size_; }
  static constexpr socklen_t capacity() noexcept { return sizeof(sockaddr_storage); }
  int family() const noexcept { return storage_.ss_family; }

  std::uint16_t port() const noexcept;
  // The numeric host without brackets, "127.0.0.1" or "::1"; IPv4-mapped IPv6 shown as IPv4.
  std::string host() const;
  // "127.0.0.1:6667" or "[::1]:6667".
  std::string to_string() const;

 private:
  sockaddr_storage storage_;
  socklen_t size_;
};

}  // namespace chatd::sys
