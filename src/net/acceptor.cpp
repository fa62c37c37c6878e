#include "net/acceptor.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>

#include "sys/error.hpp"
#include "sys/socket.hpp"

namespace chatd::net {

namespace {
// Long enough for closing clients to give fds back, short enough that nobody waits long.
constexpr std::chrono::seconds kPause{1};
// Accepts per readiness event, so a connection storm cannot starve the loop's other fds.
constexpr int kAcceptsPerEvent = 256;
}  // namespace

Acceptor::Acceptor(event::EventLoop& loop, sys::UniqueFd listen_fd, std::string name, OnAccept on_accept)
    : fd_(std::move(listen_fd)),
      name_(std::move(name)),
      watch_(loop, *this),
      resume_timer_(loop, [this] { resume(); }),
      on_accept_(std::move(on_accept)) {
  watch_.open(fd_.get());
  if (!watch_.schedule_read()) sys::throw_errno("epoll_ctl(listener)");
}

void Acceptor::on_io(std::uint32_t) noexcept {
  for (int i = 0; i < kAcceptsPerEvent; ++i) {
    sys::SocketAddress peer;
    sys::UniqueFd fd = sys::accept_nonblocking(fd_.get(), peer);
    if (fd) {
      on_accept_(std::move(fd), peer);
      continue;
    }
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
      spdlog::warn("accept on {}: {}; pausing new connections for a second", name_,
                   sys::errno_text(errno, "out of resources"));
      pause();
    } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ECONNABORTED) {
      spdlog::warn("{}", sys::errno_text(errno, "accept on " + name_));
    }
    return;
  }
}

void Acceptor::pause() noexcept {
  watch_.cancel();
  resume_timer_.schedule(kPause);
}

void Acceptor::resume() noexcept {
  // Failing here means the kernel is short of memory: try again after another pause.
  if (!watch_.schedule_read()) {
    resume_timer_.schedule(kPause);
    return;
  }
  spdlog::info("accept on {}: accepting new connections again", name_);
}

}  // namespace chatd::net
