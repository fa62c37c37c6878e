#include "net/send_batch.hpp"

#include <liburing.h>

#include <cerrno>

namespace chatd::net {

namespace {
constexpr int kSendFlags = MSG_DONTWAIT | MSG_NOSIGNAL;

ssize_t send_now(int fd, msghdr* header) noexcept {
  ssize_t n;
  do {
    n = ::sendmsg(fd, header, kSendFlags);
  } while (n < 0 && errno == EINTR);
  return n < 0 ? -errno : n;
}
}  // namespace

// Only allocation can throw in these (doc/HACKING.md, error policy): noexcept turns that
// into a logged abort. A kernel or seccomp filter that refuses io_uring is the null result.
std::unique_ptr<io_uring> SendBatch::make_ring() noexcept {
  auto ring = std::make_unique<io_uring>();
  if (io_uring_queue_init(kMaxSends, ring.get(), 0) < 0) return nullptr;
  return ring;
}

std::unique_ptr<SendBatch> SendBatch::create() noexcept {
  auto ring = make_ring();
  if (!ring) return nullptr;
  return std::unique_ptr<SendBatch>(new SendBatch(std::move(ring)));
}

SendBatch::SendBatch(std::unique_ptr<io_uring> ring) : ring_(std::move(ring)) {
  sends_.reserve(kMaxSends);
  headers_.reserve(kMaxSends);
}

SendBatch::~SendBatch() {
  if (ring_) io_uring_queue_exit(ring_.get());
}

void SendBatch::reset_ring() noexcept {
  if (ring_) io_uring_queue_exit(ring_.get());
  ring_ = make_ring();
}

bool SendBatch::add(int fd, std::span<const iovec> iov, void* tag) noexcept {
  if (sends_.size() >= kMaxSends || iov.empty()) return false;
  std::size_t offered = 0;
  for (const iovec& v : iov) offered += v.iov_len;
  sends_.push_back({fd, tag, iovecs_.size(), iov.size(), offered, 0, false});
  iovecs_.insert(iovecs_.end(), iov.begin(), iov.end());
  return true;
}

void SendBatch::run(const std::function<void(void* tag, ssize_t result, std::size_t offered)>& done) noexcept {
  const std::size_t n = sends_.size();
  std::size_t queued = 0;
  int submitted = 0;
  headers_.assign(n, msghdr{});  // within the reserved capacity: no allocation
  for (std::size_t i = 0; i < n; ++i) {
    headers_[i].msg_iov = &iovecs_[sends_[i].first_iov];
    headers_[i].msg_iovlen = sends_[i].iov_count;
  }

  for (; ring_ && queued < n; ++queued) {
    io_uring_sqe* sqe = io_uring_get_sqe(ring_.get());
    if (sqe == nullptr) break;  // cannot happen with kMaxSends entries; the rest go one by one
    io_uring_prep_sendmsg(sqe, sends_[queued].fd, &headers_[queued], kSendFlags);
    io_uring_sqe_set_data64(sqe, queued);
  }
  // MSG_DONTWAIT sends complete inside the submit; the wait only collects them. A failed
  // submit (no kernel memory) leaves results unset, and those sends go one by one below.
  while (queued > 0) {
    submitted = io_uring_submit_and_wait(ring_.get(), static_cast<unsigned>(queued));
    if (submitted != -EINTR) break;
  }
  std::size_t reaped = 0;
  while (submitted > 0 && reaped < static_cast<std::size_t>(submitted)) {
    io_uring_cqe* cqe = nullptr;
    if (io_uring_wait_cqe(ring_.get(), &cqe) == -EINTR) continue;
    if (cqe == nullptr) break;
    Send& send = sends_[io_uring_cqe_get_data64(cqe)];
    send.result = cqe->res;
    send.finished = true;
    io_uring_cqe_seen(ring_.get(), cqe);
    ++reaped;
  }
  // Entries the kernel did not take would go out with the next submit, pointing at headers
  // that are gone by then: start from a fresh ring instead.
  if (submitted != static_cast<int>(queued)) reset_ring();
  for (std::size_t i = 0; i < n; ++i) {
    if (!sends_[i].finished) sends_[i].result = send_now(sends_[i].fd, &headers_[i]);
    done(sends_[i].tag, sends_[i].result, sends_[i].offered);
  }
  sends_.clear();
  iovecs_.clear();
}

}  // namespace chatd::net
