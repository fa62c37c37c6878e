// Connection's output half: sealing through the transport, gathering the queue into iovecs,
// and what a write (direct or through a worker's SendBatch) did to it. The input half and the
// lifecycle are in connection.cpp.
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cerrno>

#include "metrics/loop_counters.hpp"
#include "net/connection.hpp"
#include "net/send_batch.hpp"
#include "sys/socket.hpp"

namespace chatd::net {

bool Connection::seal_output() noexcept {
  if (!transport_ || !transport_->seals() || output_.empty()) return true;
  if (transport_->seal(output_) != Transport::Status::failed) return true;
  close(transport_->error());
  return false;
}

void Connection::count(metrics::Counter metrics::LoopCounters::*counter, std::uint64_t n) const noexcept {
  if (counts_traffic_) (metrics::this_loop().*counter).add(n);
}

int Connection::gather(iovec* iov, int max) const noexcept {
  return transport_ && transport_->seals() ? transport_->gather(iov, max) : output_.gather(iov, max);
}

void Connection::consume(std::size_t sent) noexcept {
  if (transport_ && transport_->seals()) {
    transport_->consume(sent);
  } else {
    output_.consume(sent);
  }
}

std::size_t Connection::unsent_bytes() const noexcept {
  return output_.bytes() + (transport_ ? transport_->wire_bytes() : 0);
}

bool Connection::take_send_result(ssize_t result, std::size_t offered) noexcept {
  if (result < 0) {
    const int err = static_cast<int>(-result);
    if (err == EAGAIN || err == EWOULDBLOCK) {
      watch_output(true);
    } else {
      close(std::string("Write error: ") + std::strerror(err));
    }
    return false;
  }
  const auto sent = static_cast<std::size_t>(result);
  consume(sent);
  count(&metrics::LoopCounters::bytes_out, sent);
  if (sent < offered) {
    watch_output(true);  // the kernel took less than offered: its buffer is full
    return false;
  }
  if (unsent_bytes() > 0) return true;
  output_written();
  return false;
}

void Connection::output_written() noexcept {
  watch_output(false);
  if (state_ == State::draining && unsent_bytes() == 0) close("Request done");
}

void Connection::flush() noexcept {
  dirty_ = false;
  while (state_ != State::closed) {
    if (!seal_output()) return;
    iovec iov[OutputQueue::kMaxIov];
    const int count = gather(iov, OutputQueue::kMaxIov);
    if (count == 0) {
      // Everything sendable is out (a sealing transport may still hold lines until its
      // handshake is done: its input will mark us dirty again).
      output_written();
      return;
    }
    std::size_t offered = 0;
    for (int i = 0; i < count; ++i) offered += iov[i].iov_len;
    const ssize_t n = ::writev(fd_.get(), iov, count);
    if (n < 0 && errno == EINTR) continue;
    if (!take_send_result(n < 0 ? -errno : n, offered)) return;
  }
}

bool Connection::add_to_batch(SendBatch& batch) noexcept {
  if (state_ != State::closed && seal_output()) {
    iovec iov[SendBatch::kMaxIovPerSend];
    const int count = gather(iov, SendBatch::kMaxIovPerSend);
    if (count == 0) {
      dirty_ = false;
      output_written();
      return true;
    }
    if (!batch.add(fd_.get(), std::span<const iovec>(iov, static_cast<std::size_t>(count)), this)) return false;
  }
  dirty_ = false;
  return true;
}

void Connection::finish_batched(ssize_t result, std::size_t offered) noexcept {
  if (state_ == State::closed) return;
  // All of it went and more is queued than one send takes: the rest goes in the next batch.
  if (take_send_result(result, offered)) mark_dirty();
}

}  // namespace chatd::net
