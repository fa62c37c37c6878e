#include "net/acceptor.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>

#include "sys/error.hpp"
#include "sys/socket.hpp"

namespace chatd::net {

Acceptor::Acceptor(event::EventLoop& loop, sys::UniqueFd listen_fd, OnAccept on_accept)
    : loop_(loop), fd_(std::move(listen_fd)), on_accept_(std::move(on_accept)) {
  loop_.add(fd_.get(), EPOLLIN, this);
}

Acceptor::~Acceptor() {
  if (!paused_) loop_.remove(fd_.get());
}

void Acceptor::on_io(std::uint32_t) noexcept {
  for (int i = 0; i < 256; ++i) {
    sys::SocketAddress peer;
    sys::UniqueFd fd = sys::accept_nonblocking(fd_.get(), peer);
    if (fd) {
      on_accept_(std::move(fd), peer);
      continue;
    }
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
      spdlog::warn("accept: {}; pausing new connections for a second", sys::errno_text(errno, "out of resources"));
      pause();
    } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ECONNABORTED) {
      spdlog::warn("{}", sys::errno_text(errno, "accept"));
    }
    return;
  }
}

void Acceptor::pause() noexcept {
  if (paused_) return;
  paused_ = true;
  loop_.remove(fd_.get());
}

void Acceptor::tick() noexcept {
  if (!paused_) return;
  try {
    loop_.add(fd_.get(), EPOLLIN, this);
    paused_ = false;
  } catch (const std::exception& e) {
    spdlog::error("re-arming listener: {}", e.what());
  }
}

}  // namespace chatd::net
