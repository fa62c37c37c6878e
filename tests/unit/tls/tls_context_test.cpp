#include "tls/tls_context.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include "unit/tls/test_certificates.hpp"

using chatd::tls::TlsContext;
using chatd::tls::TlsError;
using chatd::tls::testing::CertificateDir;
using chatd::tls::testing::make_certificate;

namespace {

std::string load_error(const chatd::config::TlsSection& section) {
  try {
    TlsContext::load(section);
  } catch (const TlsError& e) {
    return e.what();
  }
  return "(loaded)";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("tls::TlsContext: loads a certificate and key and describes them") {
  CertificateDir dir;
  auto section = dir.section("server", make_certificate("chat.example.org"));
  auto context = TlsContext::load(section);
  CHECK(contains(context->summary(), "CN=chat.example.org"));
  CHECK(contains(context->summary(), section.certificate));
  CHECK(context->warnings().empty());
  SSL* session = context->new_session();
  CHECK(session != nullptr);
  SSL_free(session);
}

TEST_CASE("tls::TlsContext: refuses a missing certificate or key, naming the key and the file") {
  CertificateDir dir;
  auto section = dir.section("server", make_certificate("a"));
  auto missing = section;
  missing.certificate = section.certificate + ".gone";
  const std::string error = load_error(missing);
  CHECK(contains(error, "tls.certificate: cannot read \"" + missing.certificate + "\": No such file or directory"));
  missing = section;
  missing.key = section.key + ".gone";
  CHECK(contains(load_error(missing), "tls.key: cannot read \"" + missing.key + "\""));
}

TEST_CASE("tls::TlsContext: refuses a file without a PEM certificate or key") {
  CertificateDir dir;
  auto section = dir.section("server", make_certificate("a"));
  auto garbage = section;
  garbage.certificate = dir.write("garbage.pem", "not a certificate\n");
  CHECK(contains(load_error(garbage),
                 "tls.certificate: \"" + garbage.certificate + "\" holds no usable PEM certificate"));
  garbage = section;
  garbage.key = dir.write("garbage.key", "not a key\n");
  CHECK(contains(load_error(garbage), "tls.key: \"" + garbage.key + "\" holds no usable PEM private key"));
}

TEST_CASE("tls::TlsContext: refuses a key that does not match the certificate") {
  CertificateDir dir;
  auto section = dir.section("one", make_certificate("one"));
  section.key = dir.section("two", make_certificate("two")).key;
  CHECK(contains(load_error(section),
                 "tls.key: \"" + section.key + "\" does not match the certificate in \"" + section.certificate + "\""));
}

TEST_CASE("tls::TlsContext: refuses an expired certificate and says when it expired") {
  CertificateDir dir;
  auto section = dir.section("old", make_certificate("old", -7200, -3600));
  const std::string error = load_error(section);
  CHECK(contains(error, "tls.certificate: \"" + section.certificate + "\" expired on "));
  CHECK(contains(error, " UTC"));
}

TEST_CASE("tls::TlsContext: warns about a key every user can read, and still loads it") {
  CertificateDir dir;
  auto section = dir.section("open", make_certificate("open"), 0644);
  auto context = TlsContext::load(section);
  REQUIRE(context->warnings().size() == 1);
  CHECK(contains(context->warnings()[0], "tls.key: \"" + section.key + "\" is readable by every user (mode 0644)"));
}

TEST_CASE("tls::TlsContext: reports an unreadable key with errno (not as root, who reads anything)") {
  if (::geteuid() == 0) return;
  CertificateDir dir;
  auto section = dir.section("locked", make_certificate("locked"), 0000);
  CHECK(contains(load_error(section), "tls.key: cannot read \"" + section.key + "\": Permission denied"));
}

TEST_CASE("tls::sha256_fingerprint: is 64 lowercase hex digits") {
  auto pem = make_certificate("fp");
  BIO* bio = BIO_new_mem_buf(pem.certificate.data(), static_cast<int>(pem.certificate.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  const std::string fp = chatd::tls::sha256_fingerprint(cert);
  X509_free(cert);
  BIO_free(bio);
  CHECK(fp.size() == 64);
  CHECK(fp.find_first_not_of("0123456789abcdef") == std::string::npos);
}
