#include "sys/socket.hpp"

#include <netinet/tcp.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

#include "sys/error.hpp"

namespace chatd::sys {

UniqueFd listen_tcp(const SocketAddress& address, int backlog) {
  UniqueFd fd(::socket(address.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) throw_errno("socket(" + address.to_string() + ")");
  int one = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (address.family() == AF_INET6) ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  if (::bind(fd.get(), address.data(), address.size()) < 0) throw_errno("bind(" + address.to_string() + ")");
  if (::listen(fd.get(), backlog) < 0) throw_errno("listen(" + address.to_string() + ")");
  return fd;
}

UniqueFd listen_unix(const std::string& path, mode_t mode, int backlog) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) throw_error(ENAMETOOLONG, "bind(" + path + ")");
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) throw_errno("socket(AF_UNIX)");
  // bind creates the file with 0777 & ~umask; narrow the umask so it is born with `mode`.
  mode_t old_mask = ::umask(0777 & ~mode);
  int rc = ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address);
  int bind_errno = errno;
  ::umask(old_mask);
  if (rc < 0) throw_error(bind_errno, "bind(" + path + ")");
  if (::listen(fd.get(), backlog) < 0) throw_errno("listen(" + path + ")");
  return fd;
}

UniqueFd accept_nonblocking(int listen_fd, SocketAddress& peer) noexcept {
  for (;;) {
    *peer.size_ptr() = SocketAddress::capacity();
    int fd = ::accept4(listen_fd, peer.data(), peer.size_ptr(), SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0 || errno != EINTR) return UniqueFd(fd);
  }
}

SocketAddress local_address(int fd) {
  SocketAddress a;
  if (::getsockname(fd, a.data(), a.size_ptr()) < 0) throw_errno("getsockname");
  return a;
}

void set_nodelay(int fd) noexcept {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

}  // namespace chatd::sys
