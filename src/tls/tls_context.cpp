#include "tls/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>

namespace chatd::tls {
namespace {

// Session ids and tickets are only resumed by the context that issued them.
constexpr unsigned char kSessionIdContext[] = "chatd";

struct X509Free {
  void operator()(X509* cert) const noexcept { X509_free(cert); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};
struct FileClose {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};

std::string quoted(const std::string& path) { return "\"" + path + "\""; }

// Opens `path` for reading, or throws naming the key: "tls.key: cannot read "...": ...".
std::unique_ptr<std::FILE, FileClose> open_for_reading(const char* key, const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "re");
  if (!file) throw TlsError(std::string(key) + ": cannot read " + quoted(path) + ": " + std::strerror(errno));
  return std::unique_ptr<std::FILE, FileClose>(file);
}

std::string utc_text(const ASN1_TIME* when) {
  std::tm tm{};
  if (!ASN1_TIME_to_tm(when, &tm)) return "an unreadable date";
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return text;
}

std::string subject_text(X509* cert) {
  char text[256];
  X509_NAME_oneline(X509_get_subject_name(cert), text, sizeof text);
  return text;
}

// A key any local user can read is a leaked key waiting to happen; it still works.
void check_key_mode(const std::string& path, std::vector<std::string>& warnings) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !(st.st_mode & S_IROTH)) return;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  warnings.push_back("tls.key: " + quoted(path) + " is readable by every user (mode " + mode +
                     "); make it 0600 or 0640 with a group such as ssl-cert");
}

int accept_any_certificate(int, X509_STORE_CTX*) {
  // Client certificates identify a user by fingerprint (WHOIS 276, later SASL EXTERNAL); no
  // CA vouches for them, so every one is accepted, self-signed or not.
  return 1;
}

}  // namespace

std::shared_ptr<const TlsContext> TlsContext::load(const config::TlsSection& section) {
  std::shared_ptr<TlsContext> context(new TlsContext());
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) throw TlsError("tls: cannot create an OpenSSL context: " + take_openssl_error());
  context->ctx_ = ctx;
  ERR_clear_error();

  // The chain: the leaf first, then its intermediates. Read through our own open() first so
  // that a missing or unreadable file is reported with errno, not as a PEM problem.
  open_for_reading("tls.certificate", section.certificate);
  if (SSL_CTX_use_certificate_chain_file(ctx, section.certificate.c_str()) != 1) {
    throw TlsError("tls.certificate: " + quoted(section.certificate) +
                   " holds no usable PEM certificate: " + take_openssl_error());
  }
  X509* leaf = SSL_CTX_get0_certificate(ctx);
  if (X509_cmp_current_time(X509_get0_notAfter(leaf)) <= 0) {
    throw TlsError("tls.certificate: " + quoted(section.certificate) + " expired on " +
                   utc_text(X509_get0_notAfter(leaf)));
  }

  auto key_file = open_for_reading("tls.key", section.key);
  std::unique_ptr<EVP_PKEY, PkeyFree> key(PEM_read_PrivateKey(key_file.get(), nullptr, nullptr, nullptr));
  if (!key) {
    throw TlsError("tls.key: " + quoted(section.key) + " holds no usable PEM private key: " + take_openssl_error());
  }
  if (X509_check_private_key(leaf, key.get()) != 1 || SSL_CTX_use_PrivateKey(ctx, key.get()) != 1) {
    ERR_clear_error();
    throw TlsError("tls.key: " + quoted(section.key) + " does not match the certificate in " +
                   quoted(section.certificate));
  }
  check_key_mode(section.key, context->warnings_);

  // TLS 1.2 and 1.3 with OpenSSL's (and the system's) default ciphers and groups. No
  // renegotiation: a client could make us redo the expensive part of a handshake at will.
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
  // Give the ~34 KiB of record buffers back whenever a session is idle: a chat server's
  // sessions are idle nearly always (doc/ARCHITECTURE.md, TLS).
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE, accept_any_certificate);
  SSL_CTX_set_session_id_context(ctx, kSessionIdContext, sizeof kSessionIdContext - 1);

  context->summary_ = "certificate " + quoted(section.certificate) + " (" + subject_text(leaf) + ", expires " +
                      utc_text(X509_get0_notAfter(leaf)) + ")";
  return context;
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

SSL* TlsContext::new_session() const {
  SSL* ssl = SSL_new(ctx_);
  if (!ssl) throw std::bad_alloc();
  SSL_set_accept_state(ssl);
  return ssl;
}

std::string take_openssl_error(const char* fallback) {
  const unsigned long code = ERR_peek_last_error();
  const char* reason = code ? ERR_reason_error_string(code) : nullptr;
  std::string text = reason ? reason : fallback;
  ERR_clear_error();
  return text;
}

std::string sha256_fingerprint(X509* cert) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (X509_digest(cert, EVP_sha256(), digest, &size) != 1) return {};
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::string tls_path_description() {
  std::ifstream ulps("/proc/sys/net/ipv4/tcp_available_ulp");
  std::string word;
  bool kernel_tls = false;
  while (ulps >> word) kernel_tls = kernel_tls || word == "tls";
  return kernel_tls ? "TLS in user space (kernel TLS is available; chatd does not use it)"
                    : "TLS in user space (kernel TLS not available)";
}

}  // namespace chatd::tls
