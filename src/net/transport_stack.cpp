#include "net/transport_stack.hpp"

namespace chatd::net {

Transport::Status TransportStack::receive(std::string_view bytes, std::string& plain, OutputQueue& replies) noexcept {
  middle_.clear();
  const Status below = lower_->receive(bytes, middle_, replies);
  if (below == Status::failed) {
    failed_ = lower_.get();
    return below;
  }
  // What the lower layer decoded goes up even when it also saw the end of the session.
  const Status above = middle_.empty() ? Status::ok : upper_->receive(middle_, plain, replies);
  if (above == Status::failed) {
    failed_ = upper_.get();
    return above;
  }
  return above == Status::closed || above == Status::answered ? above : below;
}

void TransportStack::goodbye(OutputQueue& lines) noexcept {
  upper_->goodbye(lines);
  lower_->goodbye(lines);
}

}  // namespace chatd::net
