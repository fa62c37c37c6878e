#include "net/output_queue.hpp"

namespace chatd::net {

void OutputQueue::push(chat::SharedLine line) {
  if (line->empty()) return;
  bytes_ += line->size();
  chunks_.push_back(std::move(line));
}

void OutputQueue::clear() noexcept {
  chunks_.clear();
  head_ = offset_ = bytes_ = 0;
}

void OutputQueue::release() noexcept {
  if (!empty()) return;
  std::vector<chat::SharedLine>().swap(chunks_);
  head_ = offset_ = 0;
}

void OutputQueue::drop_written() noexcept {
  if (head_ == chunks_.size()) {
    clear();
  } else if (head_ > chunks_.size() / 2) {
    // Amortised compaction keeps a slow reader's queue from growing without bound.
    chunks_.erase(chunks_.begin(), chunks_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
}

int OutputQueue::gather(iovec* iov, int max) const noexcept {
  int count = 0;
  for (std::size_t i = head_; i < chunks_.size() && count < max; ++i, ++count) {
    const std::string& chunk = *chunks_[i];
    std::size_t skip = (i == head_) ? offset_ : 0;
    iov[count].iov_base = const_cast<char*>(chunk.data() + skip);
    iov[count].iov_len = chunk.size() - skip;
  }
  return count;
}

void OutputQueue::consume(std::size_t written) noexcept {
  bytes_ -= written;
  while (written > 0) {
    std::size_t left = chunks_[head_]->size() - offset_;
    if (written >= left) {
      written -= left;
      chunks_[head_].reset();
      ++head_;
      offset_ = 0;
    } else {
      offset_ += written;
      written = 0;
    }
  }
  drop_written();
}

}  // namespace chatd::net
