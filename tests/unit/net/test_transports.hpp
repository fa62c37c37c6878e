// Two toy transport layers that exercise every part of the net::Transport seam, so the seam is
// tested without TLS or WebSocket code:
// * FramingTransport: each line travels as "[text]" (like a WebSocket message: one line, no
//   CR LF); framed forms are cached per thread by the shared line they came from; a "[PING]"
//   frame is the layer's own business and is answered with "[PONG]"; a frame over 512 bytes
//   breaks the protocol.
// * SealingTransport: a handshake ("HELLO\n" in, "WELCOME\n" out) before any line may go;
//   then every byte is XORed with 0x5A both ways; "BYE\n" as its goodbye.
#pragma once

#include <array>
#include <string>
#include <utility>

#include "net/transport.hpp"
#include "net/transport_stack.hpp"

namespace chatd::net::testing {

using StackedTransport = TransportStack;

inline std::string seal_text(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c ^ 0x5A);
  return out;
}

class FramingTransport final : public Transport {
 public:
  Status receive(std::string_view bytes, std::string& plain, OutputQueue& replies) noexcept override {
    for (char c : bytes) {
      if (!in_frame_) {
        if (c != '[') return fail("bad frame start");
        in_frame_ = true;
        continue;
      }
      if (c != ']') {
        if (partial_.size() >= 512) return fail("frame too long");
        partial_.push_back(c);
        continue;
      }
      in_frame_ = false;
      if (partial_ == "PING") {
        replies.push(chat::make_shared_line("[PONG]"));
      } else {
        plain += partial_;
        plain += '\n';
      }
      partial_.clear();
    }
    return Status::ok;
  }

  chat::SharedLine frame(const chat::SharedLine& line) noexcept override {
    for (auto& entry : cache()) {
      if (entry.first == line) return entry.second;
    }
    std::string out;
    std::string_view rest = *line;
    while (!rest.empty()) {
      auto end = rest.find("\r\n");
      out += "[" + std::string(rest.substr(0, end)) + "]";
      rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 2);
    }
    auto framed = chat::make_shared_line(std::move(out));
    auto& slot = cache()[next_slot()++ % cache().size()];
    slot = {line, framed};
    return framed;
  }

  static bool frame_cache_hit(const chat::SharedLine& line) {
    for (auto& entry : cache()) {
      if (entry.first == line) return true;
    }
    return false;
  }

  std::string_view error() const noexcept override { return error_; }

 private:
  using Cache = std::array<std::pair<chat::SharedLine, chat::SharedLine>, 4>;
  static Cache& cache() {
    static thread_local Cache entries;
    return entries;
  }
  static std::size_t& next_slot() {
    static thread_local std::size_t slot = 0;
    return slot;
  }
  Status fail(const char* why) {
    error_ = why;
    return Status::failed;
  }

  std::string partial_;
  bool in_frame_ = false;
  std::string error_ = "transport error";
};

class SealingTransport final : public Transport {
 public:
  static constexpr const char* kHello = "HELLO\n";
  static constexpr const char* kWelcome = "WELCOME\n";
  static constexpr const char* kGoodbye = "BYE\n";

  Status receive(std::string_view bytes, std::string& plain, OutputQueue&) noexcept override {
    if (!ready_) {
      const std::string_view hello(kHello);
      const std::size_t take = std::min(bytes.size(), hello.size() - greeting_.size());
      greeting_.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      if (hello.substr(0, greeting_.size()) != greeting_) return Status::failed;
      if (greeting_.size() < hello.size()) return Status::ok;
      ready_ = true;
      wire_ += kWelcome;
    }
    plain += seal_text(bytes);
    return Status::ok;
  }

  bool seals() const noexcept override { return true; }
  Status seal(OutputQueue& lines) noexcept override {
    if (!ready_) return Status::ok;
    iovec iov[64];
    while (int count = lines.gather(iov, 64)) {
      std::size_t taken = 0;
      for (int i = 0; i < count; ++i) {
        wire_ += seal_text(std::string_view(static_cast<const char*>(iov[i].iov_base), iov[i].iov_len));
        taken += iov[i].iov_len;
      }
      lines.consume(taken);
    }
    return Status::ok;
  }
  int gather(iovec* iov, int max) const noexcept override {
    if (max < 1 || sent_ == wire_.size()) return 0;
    iov[0] = iovec{const_cast<char*>(wire_.data() + sent_), wire_.size() - sent_};
    return 1;
  }
  void consume(std::size_t written) noexcept override { sent_ += written; }
  std::size_t wire_bytes() const noexcept override { return wire_.size() - sent_; }
  void goodbye(OutputQueue& lines) noexcept override {
    seal(lines);
    if (ready_) wire_ += kGoodbye;
  }
  std::string_view error() const noexcept override { return "bad handshake"; }

 private:
  std::string greeting_;
  bool ready_ = false;
  std::string wire_;
  std::size_t sent_ = 0;
};

}  // namespace chatd::net::testing
