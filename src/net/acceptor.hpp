// Acceptor: a listening socket watched by a loop (the main loop: IRC listeners and the admin
// socket alike). It accepts every pending client and hands each new fd to `on_accept`. When
// the process runs out of fds it stops watching for a second instead of spinning on a socket
// that stays readable, and resumes by itself: no one else has to remember to re-arm it.
//
// Thread rules: loop-only (the loop given at construction).
#pragma once

#include <functional>
#include <string>

#include "event/event_loop.hpp"
#include "event/fd_watch.hpp"
#include "event/timer.hpp"
#include "sys/socket_address.hpp"
#include "sys/unique_fd.hpp"

namespace chatd::net {

class Acceptor final : public event::Watcher {
 public:
  using OnAccept = std::function<void(sys::UniqueFd, const sys::SocketAddress&)>;

  // `name` (the address, or the admin socket's path) goes into its log lines. Throws
  // std::system_error when the socket cannot be watched (start-up only).
  Acceptor(event::EventLoop& loop, sys::UniqueFd listen_fd, std::string name, OnAccept on_accept);
  ~Acceptor() { watch_.cancel(); }

  int fd() const noexcept { return fd_.get(); }

 private:
  void on_io(std::uint32_t events) noexcept override;
  void pause() noexcept;
  void resume() noexcept;

  sys::UniqueFd fd_;
  std::string name_;
  event::FdWatch watch_;
  event::Timer resume_timer_;
  OnAccept on_accept_;
};

}  // namespace chatd::net
