// OutputQueue: a connection's unsent output as a list of shared lines, written with writev.
// Lines shared by a channel's members are referenced, never copied. Loop-only, like the
// connection that owns it. A drained queue keeps its capacity, so a busy client does not
// reallocate its chunk list for every batch (that was one malloc per recipient per batch);
// release() hands the memory back once the client is idle, which keeps idle clients small.
#pragma once

#include <cstddef>
#include <vector>

#include "chat/endpoint.hpp"

namespace chatd::net {

class OutputQueue {
 public:
  enum class Flush { done, blocked, failed };

  void push(chat::SharedLine line);
  std::size_t bytes() const noexcept { return bytes_; }
  bool empty() const noexcept { return bytes_ == 0; }

  // Writes as much as the socket takes. `failed` leaves errno set.
  Flush flush(int fd) noexcept;
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
