// TlsContext: the server side of TLS as loaded from [tls]: an OpenSSL SSL_CTX holding the
// certificate chain and key, TLS 1.2 and 1.3 only, client certificates requested but not
// required. Loaded at start-up and again on every reload; a reload that fails keeps the old
// one. Sessions hold a shared_ptr to the context they started with, so a reload never
// touches a live session: new handshakes use the new certificate.
//
// Thread rules: load() on one thread (the main loop); a loaded context is immutable and
// new_session() is safe from any thread (OpenSSL locks its session cache itself).
#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace chatd::tls {

// A certificate or key that cannot be used; what() names the key and the file:
// "tls.key: /etc/chatd/tls/privkey.pem does not match the certificate in ...".
class TlsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class TlsContext {
 public:
  // Reads the files named by `section`. Throws TlsError when one is missing or unreadable,
  // holds no PEM certificate or key, when the key does not match the certificate, or when
  // the certificate has expired.
  static std::shared_ptr<const TlsContext> load(const config::TlsSection& section);

  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  // A new server-side session in accept state; it keeps the SSL_CTX alive itself. Throws
  // std::bad_alloc when OpenSSL cannot allocate one.
  SSL* new_session() const;

  // For the log: the certificate's subject, its file and when it expires.
  const std::string& summary() const noexcept { return summary_; }
  // What is worth a warning but usable (a key file every user can read).
  const std::vector<std::string>& warnings() const noexcept { return warnings_; }

 private:
  TlsContext() = default;

  SSL_CTX* ctx_ = nullptr;
  std::string summary_;
  std::vector<std::string> warnings_;
};

// OpenSSL's reason for the last failure on this thread ("wrong version number"), or `fallback`
// when its error queue is empty; the queue is cleared for the next call. Any thread.
std::string take_openssl_error(const char* fallback = "unknown error");

// The SHA-256 fingerprint of a certificate, lowercase hex without colons (InspIRCd's and Ergo's
// certfp form); "" if it cannot be computed. Any thread.
std::string sha256_fingerprint(X509* cert);

// Which TLS path chatd uses, for the start-up log: records are sealed in user space; says
// whether the kernel would have offered TLS (TCP_ULP "tls").
std::string tls_path_description();

}  // namespace chatd::tls
