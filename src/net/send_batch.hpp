// SendBatch: many sockets' writes in one system call (io_uring), for a worker's flush pass.
// In this VM a writev costs ~9 us of chatd CPU whatever it carries, and a channel message to
// 1000 members is 1000 writevs; submitted together, the per-call part is paid once
// (doc/PERFORMANCE.md). Each send is MSG_DONTWAIT, so the kernel completes every one during
// the submit and run() hands back each result before it returns: nothing stays in flight,
// and the caller's buffers need only live for the call.
//
// Thread rules: one per worker, loop-only.
#pragma once

#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <vector>

struct io_uring;

namespace chatd::net {

class SendBatch {
 public:
  // The most sends one submission carries; add() beyond it is refused until run().
  static constexpr std::size_t kMaxSends = 256;
  // Lines one send may carry: a paced flush holds ~40 per client, a burst more (the kernel's
  // limit is 1024).
  static constexpr int kMaxIovPerSend = 256;

  // Null when the kernel or a seccomp filter refuses io_uring; callers then write one by one.
  static std::unique_ptr<SendBatch> create() noexcept;
  ~SendBatch();

  // Queues a send of `iov` (copied) to `fd`; `tag` comes back with the result. False when full.
  bool add(int fd, std::span<const iovec> iov, void* tag) noexcept;
  std::size_t size() const noexcept { return sends_.size(); }

  // Submits the queued sends, waits for all of them, and calls done(tag, result, offered) for
  // each, in the order added: result is the bytes sent or -errno, offered the bytes queued.
  void run(const std::function<void(void* tag, ssize_t result, std::size_t offered)>& done) noexcept;

 private:
  explicit SendBatch(std::unique_ptr<io_uring> ring);
  static std::unique_ptr<io_uring> make_ring() noexcept;
  // After a failed submit; if no new ring can be made, every later send goes one by one.
  void reset_ring() noexcept;

  struct Send {
    int fd;
    void* tag;
    std::size_t first_iov;
    std::size_t iov_count;
    std::size_t offered;
    ssize_t result;
    bool finished;  // result came from the ring
  };

  std::unique_ptr<io_uring> ring_;
  std::vector<Send> sends_;
  std::vector<iovec> iovecs_;    // every send's iovecs, back to back
  std::vector<msghdr> headers_;  // one per send, filled at run() once iovecs_ stops moving
};

}  // namespace chatd::net
