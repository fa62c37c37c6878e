// Certificates for the TLS unit tests, made in memory with OpenSSL at run time (nothing secret
// is committed) and written to a temporary directory that goes away with the object: a
// self-signed EC P-256 certificate per call, valid in the window the caller asks for.
#pragma once

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <string>

#include "config/config.hpp"
#include "support/config_test_util.hpp"

namespace chatd::tls::testing {

struct Pem {
  std::string certificate;
  std::string key;
};

// A self-signed certificate for CN=`name`, valid from now + not_before_s to now + not_after_s.
inline Pem make_certificate(const char* name, long not_before_s = -3600, long not_after_s = 86400) {
  static long serial = 1;
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial++);
  X509_gmtime_adj(X509_getm_notBefore(cert), not_before_s);
  X509_gmtime_adj(X509_getm_notAfter(cert), not_after_s);
  X509_set_pubkey(cert, key);
  X509_NAME* subject = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(name), -1, -1, 0);
  X509_set_issuer_name(cert, subject);
  X509_sign(cert, key, EVP_sha256());
  auto text = [](auto write) {
    BIO* bio = BIO_new(BIO_s_mem());
    write(bio);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return out;
  };
  Pem pem{text([&](BIO* bio) { PEM_write_bio_X509(bio, cert); }),
          text([&](BIO* bio) { PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr); })};
  X509_free(cert);
  EVP_PKEY_free(key);
  return pem;
}

// A temporary directory holding certificate files; removed with the object.
class CertificateDir {
 public:
  // Writes `text` to <dir>/<name> with `mode`; returns the path.
  std::string write(const std::string& name, const std::string& text, mode_t mode = 0600) const {
    const std::string file = dir_.write(name, text);
    ::chmod(file.c_str(), mode);
    return file;
  }
  // A [tls] section naming `pem` written as <name>.pem and <name>.key.
  config::TlsSection section(const std::string& name, const Pem& pem, mode_t key_mode = 0600) const {
    config::TlsSection tls;
    tls.certificate = write(name + ".pem", pem.certificate, 0644);
    tls.key = write(name + ".key", pem.key, key_mode);
    return tls;
  }

 private:
  config::test::TempDir dir_;
};

}  // namespace chatd::tls::testing
