// TlsStream: the client side of TLS (OpenSSL) on a connected non-blocking socket, for IrcClient's
// TLS mode: a handshake bounded by a timeout, then reads and writes that behave like recv and
// send on a non-blocking socket. Optionally presents a client certificate. The server's
// certificate is not verified (tests compare its fingerprint instead). The first one makes the
// process ignore SIGPIPE: OpenSSL writes with write(2), and tests provoke closed connections.
//
// Use from one thread only, like IrcClient.
#pragma once

#include <openssl/ssl.h>
#include <sys/types.h>

#include <cstddef>
#include <string>

namespace chatd::test {

struct TlsOptions {
  std::string certificate;  // client certificate (PEM); empty: none
  std::string key;          // its key
  std::string max_version;  // "1.2" limits the client to TLS 1.2; empty: the newest
};

class TlsStream {
 public:
  // Handshakes on `fd` (connected, non-blocking) within timeout_ms; throws std::runtime_error
  // with OpenSSL's reason when it fails or times out.
  TlsStream(int fd, const TlsOptions& options, int timeout_ms = 5000);
  ~TlsStream();
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  // Like recv/send: bytes moved; 0 at the end of the stream (close_notify or EOF); -1 with
  // errno EAGAIN when the socket must be waited for (wants_write(): for writing), or another
  // errno (EPROTO: a TLS error, see error()).
  ssize_t read(char* out, std::size_t size);
  ssize_t write(const char* data, std::size_t size);
  bool wants_write() const noexcept { return wants_write_; }
  const std::string& error() const noexcept { return error_; }

  // The server certificate's SHA-256 fingerprint (lowercase hex) and the negotiated version.
  std::string peer_fingerprint() const;
  std::string version() const;

 private:
  ssize_t result(int ok, std::size_t n);

  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  bool wants_write_ = false;
  std::string error_;
};

}  // namespace chatd::test
