// OutputQueue: a connection's unsent output as a list of shared lines, handed out as iovecs
// for a writev or a batched send (gather, then consume what was sent).
// Lines shared by a channel's members are referenced, never copied. Loop-only, like the
// connection that owns it. A drained queue keeps its capacity, so a busy client does not
// reallocate its chunk list for every batch (that was one malloc per recipient per batch);
// release() hands the memory back once the client is idle, which keeps idle clients small.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <vector>

#include "chat/endpoint.hpp"

namespace chatd::net {

class OutputQueue {
 public:
  // The most iovecs one write takes (gather's `max` need not be larger).
  static constexpr int kMaxIov = 64;

  void push(chat::SharedLine line);
  std::size_t bytes() const noexcept { return bytes_; }
  bool empty() const noexcept { return bytes_ == 0; }

  // Points up to `max` iovecs at the unwritten bytes, oldest first; returns how many. They
  // stay valid until the queue is next changed.
  int gather(iovec* iov, int max) const noexcept;
  // Drops the first `written` unwritten bytes (a write of gathered iovecs took them).
  void consume(std::size_t written) noexcept;
  // Drops every queued line; the capacity stays for the next batch.
  void clear() noexcept;
  // Frees the chunk list's memory if nothing is queued.
  void release() noexcept;

 private:
  void drop_written() noexcept;

  std::vector<chat::SharedLine> chunks_;
  std::size_t head_ = 0;    // first chunk not fully written
  std::size_t offset_ = 0;  // bytes of chunks_[head_] already written
  std::size_t bytes_ = 0;   // unwritten bytes
};

}  // namespace chatd::net
