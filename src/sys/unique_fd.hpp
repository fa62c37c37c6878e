// UniqueFd: the one owner of a file descriptor. Move-only; closes in the destructor.
// Everything else (epoll registrations, Watchers, syscalls) borrows the plain int.
// Not thread-safe: an fd belongs to one thread at a time, like the object that owns it.
#pragma once

#include <unistd.h>

#include <utility>

namespace chatd::sys {

class UniqueFd {
 public:
  UniqueFd() noexcept = default;
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(std::exchange(other.fd_, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const noexcept { return fd_; }
  bool valid() const noexcept { return fd_ >= 0; }
  explicit operator bool() const noexcept { return valid(); }

  // Gives up ownership without closing (for handing an fd to exec or to another owner).
  int release() noexcept { return std::exchange(fd_, -1); }

  // close(2) is not retried on EINTR: on Linux the fd is gone either way.
  void reset(int fd = -1) noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

}  // namespace chatd::sys
