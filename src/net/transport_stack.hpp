// TransportStack: two transport layers as one, a sealing layer below a framing layer (wss:
// TLS below WebSocket). Input goes up through both; each line is framed by the upper layer
// and the framed bytes, the upper layer's own replies included, are sealed by the lower one.
//
// Thread rules: owned by one connection, loop-only.
#pragma once

#include <memory>
#include <string>

#include "net/transport.hpp"

namespace chatd::net {

class TransportStack final : public Transport {
 public:
  // REQUIRES: lower->seals() and !upper->seals().
  TransportStack(std::unique_ptr<Transport> lower, std::unique_ptr<Transport> upper) noexcept
      : lower_(std::move(lower)), upper_(std::move(upper)) {}

  Status receive(std::string_view bytes, std::string& plain, OutputQueue& replies) noexcept override;
  chat::SharedLine frame(const chat::SharedLine& line) noexcept override { return upper_->frame(line); }
  bool seals() const noexcept override { return true; }
  Status seal(OutputQueue& lines) noexcept override { return lower_->seal(lines); }
  int gather(iovec* iov, int max) const noexcept override { return lower_->gather(iov, max); }
  void consume(std::size_t written) noexcept override { lower_->consume(written); }
  std::size_t wire_bytes() const noexcept override { return lower_->wire_bytes(); }
  void goodbye(OutputQueue& lines) noexcept override;
  std::string_view error() const noexcept override { return failed_ ? failed_->error() : "transport error"; }
  bool ready() const noexcept override { return lower_->ready() && upper_->ready(); }
  bool encrypted() const noexcept override { return lower_->encrypted() || upper_->encrypted(); }
  std::string peer_fingerprint() const override { return lower_->peer_fingerprint(); }
  std::string peer_host() const override { return upper_->peer_host(); }

  Transport& lower() noexcept { return *lower_; }
  Transport& upper() noexcept { return *upper_; }

 private:
  std::unique_ptr<Transport> lower_;
  std::unique_ptr<Transport> upper_;
  std::string middle_;                 // the lower layer's plaintext: the upper layer's input
  const Transport* failed_ = nullptr;  // the layer whose error() explains a failure
};

}  // namespace chatd::net
