// The load generator's TLS (OpenSSL), client side: one context for a run, one session per
// connection on its non-blocking socket, and calls that behave like recv/send. The server's
// certificate is not verified (loopback only) and sessions are never resumed, so every
// connection costs the server a full handshake.
//
// Thread rules: single-threaded, like the Fleet.
#pragma once

#include <openssl/ssl.h>
#include <sys/types.h>

#include <cstddef>
#include <string>

namespace chatd::bench {

class TlsClientContext {
 public:
  TlsClientContext();
  ~TlsClientContext();
  TlsClientContext(const TlsClientContext&) = delete;
  TlsClientContext& operator=(const TlsClientContext&) = delete;

  // A session in connect state on `fd`.
  SSL* session(int fd) const;

 private:
  SSL_CTX* ctx_;
};

enum class TlsStep { done, want_read, want_write, failed };

// Advances the handshake; `error` gets OpenSSL's reason when it fails.
TlsStep tls_handshake(SSL* ssl, std::string& error);
// Like recv/send: bytes moved, 0 at the end of the stream, -1 with errno EAGAIN (try later;
// `want_write` says on which event) or EPROTO (`error` says why).
ssize_t tls_read(SSL* ssl, char* out, std::size_t size, bool& want_write, std::string& error);
ssize_t tls_write(SSL* ssl, const char* data, std::size_t size, bool& want_write, std::string& error);

}  // namespace chatd::bench
