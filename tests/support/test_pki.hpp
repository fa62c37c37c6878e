// TestPki: a throwaway certificate authority and the certificates the TLS tests need, made by
// the `openssl` command in a temporary directory at run time, so nothing secret is committed.
// EC P-256 keys (quick to make). Files are removed with the object.
//
// Use from the test's own thread only.
#pragma once

#include <string>
#include <vector>

#include "support/chatd_process.hpp"

namespace chatd::test {

struct CertFiles {
  std::string certificate;  // PEM: the certificate, then the CA's (a chain, as [tls] wants it)
  std::string key;          // PEM private key, mode 0600
};

class TestPki {
 public:
  // Makes the CA ("chatd test CA"). Throws std::runtime_error with openssl's output on failure.
  TestPki();

  // A certificate for CN=`name` (and the subject alternative name DNS:`name`, or IP:`name` for
  // an IPv4 address) signed by the CA, valid from yesterday for `days` days.
  CertFiles issue(const std::string& name, int days = 30) const;
  // The same, valid only in 2020: expired.
  CertFiles issue_expired(const std::string& name) const;

  // The certificate's SHA-256 fingerprint, lowercase hex (as chatd shows a certfp).
  std::string fingerprint(const std::string& certificate) const;

  const std::string& dir() const { return dir_.path(); }

 private:
  CertFiles sign(const std::string& name, const std::string& start, const std::string& end) const;
  void run(const std::vector<std::string>& args) const;

  TempDir dir_;
};

// Whether the `openssl` command can be run (the TLS tests need it; Debian's package "openssl").
bool have_openssl_command();

}  // namespace chatd::test
