// TlsTransport: TLS on one connection, as a sealing net::Transport. OpenSSL never sees the
// socket: its BIO reads the ciphertext the connection hands to receive() and writes records
// into this object's wire buffer, which the connection sends through its usual writev or
// io_uring batch, in place of the queued lines.
//
//   receive(ciphertext) -> SSL_do_handshake / SSL_read -> plaintext
//   seal(lines) -> copied into one staging buffer -> SSL_write (a record per 16 KiB) -> wire
//
// Lines queued before the handshake is done wait in the connection's OutputQueue. The layer
// knows nothing of what runs above it (IRC, a line client, WebSocket).
//
// Thread rules: owned by one connection, loop-only.
#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <string>
#include <string_view>

#include "net/transport.hpp"
#include "tls/tls_context.hpp"

namespace chatd::tls {

class TlsTransport final : public net::Transport {
 public:
  // Throws std::bad_alloc when OpenSSL cannot allocate the session.
  explicit TlsTransport(std::shared_ptr<const TlsContext> context);
  ~TlsTransport() override;
  TlsTransport(const TlsTransport&) = delete;
  TlsTransport& operator=(const TlsTransport&) = delete;

  Status receive(std::string_view bytes, std::string& plain, net::OutputQueue& replies) noexcept override;
  bool seals() const noexcept override { return true; }
  Status seal(net::OutputQueue& lines) noexcept override;
  int gather(iovec* iov, int max) const noexcept override;
  void consume(std::size_t written) noexcept override;
  std::size_t wire_bytes() const noexcept override { return wire_.size() - sent_; }
  void goodbye(net::OutputQueue& lines) noexcept override;
  std::string_view error() const noexcept override { return error_; }
  bool ready() const noexcept override { return established_; }
  bool encrypted() const noexcept override { return true; }
  std::string peer_fingerprint() const override { return fingerprint_; }

  // The BIO's side (tls_transport.cpp): OpenSSL reads the ciphertext being received and
  // appends its records to the wire buffer.
  std::size_t take_input(char* out, std::size_t max) noexcept;
  void append_wire(const char* data, std::size_t size) noexcept;
  std::size_t input_left() const noexcept { return input_.size(); }

 private:
  Status fail(std::string_view what) noexcept;
  Status finish_handshake() noexcept;

  std::shared_ptr<const TlsContext> context_;  // the certificate this session started with
  SSL* ssl_ = nullptr;
  std::string_view input_;  // ciphertext of the current receive() not yet read by OpenSSL
  // Records not yet sent; freed as soon as they are (see consume()).
  std::string wire_;
  std::size_t sent_ = 0;
  bool established_ = false;
  bool failed_ = false;
  bool shut_down_ = false;
  std::string error_ = "TLS error";
  std::string fingerprint_;
};

}  // namespace chatd::tls
