// FdWatch: one fd's registration in one EventLoop (MPD's SocketEvent). It owns the epoll
// interest flags, never the fd: the owner's sys::UniqueFd closes it, after cancel() here.
// Owners say what they want to hear about and epoll_ctl runs only when the mask changes, so no
// caller keeps its own copy of the flags. Every call is noexcept: epoll_ctl fails only when
// the kernel is out of memory for registrations or the fd is already gone, which the owner
// cannot fix either; the failure is logged once per watch and reported as false, and the
// owner closes.
//
// A registered watch with no flags still hears EPOLLHUP and EPOLLERR (epoll always reports
// them): a throttled connection learns of a reset while it is not reading.
//
// Thread rules: loop-only (the loop given at construction).
#pragma once

#include <sys/epoll.h>

#include <cstdint>

#include "event/event_loop.hpp"

namespace chatd::event {

class FdWatch {
 public:
  static constexpr std::uint32_t kRead = EPOLLIN | EPOLLRDHUP;
  static constexpr std::uint32_t kWrite = EPOLLOUT;

  FdWatch(EventLoop& loop, Watcher& watcher) noexcept : loop_(loop), watcher_(watcher) {}
  ~FdWatch() { cancel(); }
  FdWatch(const FdWatch&) = delete;
  FdWatch& operator=(const FdWatch&) = delete;

  // The fd to watch from now on (not registered until the first schedule()).
  void open(int fd) noexcept;
  int fd() const noexcept { return fd_; }
  EventLoop& loop() noexcept { return loop_; }

  // Registers the fd if needed and sets its whole interest mask. False on failure (logged).
  bool schedule(std::uint32_t flags) noexcept;
  bool schedule_read() noexcept { return schedule(flags_ | kRead); }
  bool cancel_read() noexcept { return schedule(flags_ & ~kRead); }
  bool schedule_write() noexcept { return schedule(flags_ | kWrite); }
  bool cancel_write() noexcept { return schedule(flags_ & ~kWrite); }

  // Unregisters the fd (before its owner closes it); the watch may be scheduled again.
  void cancel() noexcept;

  bool registered() const noexcept { return registered_; }
  std::uint32_t scheduled() const noexcept { return flags_; }

 private:
  EventLoop& loop_;
  Watcher& watcher_;
  int fd_ = -1;
  std::uint32_t flags_ = 0;
  bool registered_ = false;
  bool logged_ = false;  // an epoll_ctl failure was logged: one line per watch, not per event
};

}  // namespace chatd::event
