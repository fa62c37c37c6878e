#include "event/fd_watch.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>

#include "sys/error.hpp"

namespace chatd::event {

void FdWatch::open(int fd) noexcept {
  cancel();
  fd_ = fd;
  flags_ = 0;
}

bool FdWatch::schedule(std::uint32_t flags) noexcept {
  if (fd_ < 0) return false;
  if (registered_ && flags == flags_) return true;
  const int op = registered_ ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  if (int err = loop_.control(op, fd_, flags, &watcher_)) {
    if (!logged_) {
      logged_ = true;
      spdlog::error("{}", sys::errno_text(err, "epoll_ctl(fd " + std::to_string(fd_) + ")"));
    }
    errno = err;  // for a caller that reports it (start-up code throws with it)
    return false;
  }
  registered_ = true;
  flags_ = flags;
  return true;
}

void FdWatch::cancel() noexcept {
  if (!registered_) return;
  loop_.control(EPOLL_CTL_DEL, fd_, 0, nullptr);
  registered_ = false;
  flags_ = 0;
}

}  // namespace chatd::event
