// Acceptor: a listening socket watched by the main loop. It accepts every pending client and
// hands each new fd to `on_accept`, which picks the worker that will own it. When the
// process runs out of fds it stops watching for a moment instead of spinning on a socket
// that stays readable.
//
// Thread rules: loop-only (the main loop).
#pragma once

#include <chrono>
#include <functional>

#include "event/event_loop.hpp"
#include "sys/socket_address.hpp"
#include "sys/unique_fd.hpp"

namespace chatd::net {

class Acceptor final : public event::Watcher {
 public:
  using OnAccept = std::function<void(sys::UniqueFd, const sys::SocketAddress&)>;

  Acceptor(event::EventLoop& loop, sys::UniqueFd listen_fd, OnAccept on_accept);
  ~Acceptor();

  // Called about once a second: resumes accepting after an fd-exhaustion pause.
  void tick() noexcept;
  int fd() const noexcept { return fd_.get(); }

 private:
  void on_io(std::uint32_t events) noexcept override;
  void pause() noexcept;

  event::EventLoop& loop_;
  sys::UniqueFd fd_;
  OnAccept on_accept_;
  bool paused_ = false;
};

}  // namespace chatd::net
