// Thin, exception-throwing wrappers for the socket calls chatd makes at start-up, and
// non-throwing ones for the hot path. All sockets are non-blocking and close-on-exec.
#pragma once

#include <sys/types.h>

#include <string>

#include "sys/socket_address.hpp"
#include "sys/unique_fd.hpp"

namespace chatd::sys {

// socket + SO_REUSEADDR (+ IPV6_V6ONLY for v6) + bind + listen. Throws std::system_error.
UniqueFd listen_tcp(const SocketAddress& address, int backlog = 1024);

// socket + bind + listen on a UNIX stream socket at `path`, created with permissions `mode`
// (never briefly wider: the umask is narrowed around bind). REQUIRES: no other thread running
// that creates files. The caller removes a stale file first. Throws std::system_error.
UniqueFd listen_unix(const std::string& path, mode_t mode, int backlog = 16);

// accept4 with SOCK_NONBLOCK|SOCK_CLOEXEC. Returns an invalid fd with errno set when there is
// nothing to accept (EAGAIN) or on error; EINTR is retried.
UniqueFd accept_nonblocking(int listen_fd, SocketAddress& peer) noexcept;

// The address a socket is bound to (for adopted or port-0 sockets).
SocketAddress local_address(int fd);

// Sets TCP_NODELAY: chat lines are small and latency matters more than segment count.
void set_nodelay(int fd) noexcept;

}  // namespace chatd::sys
