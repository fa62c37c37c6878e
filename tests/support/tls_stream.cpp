#include "support/tls_stream.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <poll.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <stdexcept>

#include "tls/tls_context.hpp"

namespace chatd::test {
namespace {

std::string openssl_reason() { return tls::take_openssl_error("no OpenSSL reason (the peer closed the connection?)"); }

}  // namespace

TlsStream::TlsStream(int fd, const TlsOptions& options, int timeout_ms) {
  // OpenSSL writes to the socket with write(), not send(MSG_NOSIGNAL): a server that has
  // closed (which tests provoke) must give EPIPE, not kill the test binary.
  static const bool sigpipe_ignored = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)sigpipe_ignored;
  ctx_ = SSL_CTX_new(TLS_client_method());
  if (!ctx_) throw std::runtime_error("TlsStream: SSL_CTX_new failed");
  SSL_CTX_set_verify(ctx_, SSL_VERIFY_NONE, nullptr);
  if (options.max_version == "1.2") SSL_CTX_set_max_proto_version(ctx_, TLS1_2_VERSION);
  if (!options.certificate.empty() && (SSL_CTX_use_certificate_chain_file(ctx_, options.certificate.c_str()) != 1 ||
                                       SSL_CTX_use_PrivateKey_file(ctx_, options.key.c_str(), SSL_FILETYPE_PEM) != 1)) {
    const std::string reason = openssl_reason();
    SSL_CTX_free(ctx_);
    throw std::runtime_error("TlsStream: cannot load the client certificate: " + reason);
  }
  SSL_CTX_set_mode(ctx_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  ssl_ = SSL_new(ctx_);
  SSL_set_fd(ssl_, fd);
  SSL_set_connect_state(ssl_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    ERR_clear_error();
    const int rc = SSL_do_handshake(ssl_);
    if (rc == 1) return;
    const int error = SSL_get_error(ssl_, rc);
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if ((error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) || left <= 0) {
      const std::string reason = left <= 0 ? "timed out" : openssl_reason();
      SSL_free(ssl_);
      SSL_CTX_free(ctx_);
      throw std::runtime_error("TLS handshake failed: " + reason);
    }
    pollfd p{fd, static_cast<short>(error == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN), 0};
    ::poll(&p, 1, static_cast<int>(left));
  }
}

TlsStream::~TlsStream() {
  SSL_free(ssl_);
  SSL_CTX_free(ctx_);
}

ssize_t TlsStream::result(int ok, std::size_t n) {
  wants_write_ = false;
  if (ok == 1) return static_cast<ssize_t>(n);
  const int error = SSL_get_error(ssl_, 0);
  if (error == SSL_ERROR_ZERO_RETURN) return 0;
  if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
    wants_write_ = error == SSL_ERROR_WANT_WRITE;
    errno = EAGAIN;
    return -1;
  }
  if (error == SSL_ERROR_SYSCALL && ERR_peek_error() == 0 && errno == 0) return 0;  // EOF without close_notify
  error_ = openssl_reason();
  errno = EPROTO;
  return -1;
}

ssize_t TlsStream::read(char* out, std::size_t size) {
  ERR_clear_error();
  errno = 0;
  std::size_t n = 0;
  const int ok = SSL_read_ex(ssl_, out, size, &n);  // before `n` is read: argument order is unspecified
  return result(ok, n);
}

ssize_t TlsStream::write(const char* data, std::size_t size) {
  ERR_clear_error();
  errno = 0;
  std::size_t n = 0;
  const int ok = SSL_write_ex(ssl_, data, size, &n);
  return result(ok, n);
}

std::string TlsStream::peer_fingerprint() const {
  X509* cert = SSL_get0_peer_certificate(ssl_);
  return cert ? tls::sha256_fingerprint(cert) : std::string();
}

std::string TlsStream::version() const { return SSL_get_version(ssl_); }

}  // namespace chatd::test
