#include "tls_client.hpp"

#include <openssl/err.h>

#include <cerrno>
#include <stdexcept>

namespace chatd::bench {
namespace {

std::string reason() {
  const unsigned long code = ERR_peek_last_error();
  const char* text = code ? ERR_reason_error_string(code) : nullptr;
  ERR_clear_error();
  return text ? text : "connection closed";
}

ssize_t io_result(SSL* ssl, int ok, std::size_t n, bool& want_write, std::string& error) {
  want_write = false;
  if (ok == 1) return static_cast<ssize_t>(n);
  switch (SSL_get_error(ssl, 0)) {
    case SSL_ERROR_ZERO_RETURN:
      return 0;
    case SSL_ERROR_WANT_WRITE:
      want_write = true;
      [[fallthrough]];
    case SSL_ERROR_WANT_READ:
      errno = EAGAIN;
      return -1;
    default:
      error = reason();
      errno = EPROTO;
      return -1;
  }
}

}  // namespace

TlsClientContext::TlsClientContext() : ctx_(SSL_CTX_new(TLS_client_method())) {
  if (!ctx_) throw std::runtime_error("SSL_CTX_new failed");
  SSL_CTX_set_verify(ctx_, SSL_VERIFY_NONE, nullptr);
  SSL_CTX_set_session_cache_mode(ctx_, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_mode(ctx_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

TlsClientContext::~TlsClientContext() { SSL_CTX_free(ctx_); }

SSL* TlsClientContext::session(int fd) const {
  SSL* ssl = SSL_new(ctx_);
  SSL_set_fd(ssl, fd);
  SSL_set_connect_state(ssl);
  return ssl;
}

TlsStep tls_handshake(SSL* ssl, std::string& error) {
  ERR_clear_error();
  const int rc = SSL_do_handshake(ssl);
  if (rc == 1) return TlsStep::done;
  switch (SSL_get_error(ssl, rc)) {
    case SSL_ERROR_WANT_READ:
      return TlsStep::want_read;
    case SSL_ERROR_WANT_WRITE:
      return TlsStep::want_write;
    default:
      error = "TLS handshake failed: " + reason();
      return TlsStep::failed;
  }
}

ssize_t tls_read(SSL* ssl, char* out, std::size_t size, bool& want_write, std::string& error) {
  ERR_clear_error();
  std::size_t n = 0;
  const int ok = SSL_read_ex(ssl, out, size, &n);  // before `n` is read: argument order is unspecified
  return io_result(ssl, ok, n, want_write, error);
}

ssize_t tls_write(SSL* ssl, const char* data, std::size_t size, bool& want_write, std::string& error) {
  ERR_clear_error();
  std::size_t n = 0;
  const int ok = SSL_write_ex(ssl, data, size, &n);
  return io_result(ssl, ok, n, want_write, error);
}

}  // namespace chatd::bench
