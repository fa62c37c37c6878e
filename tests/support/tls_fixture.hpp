// TLS for the black-box tests: a Chatd whose config has a [tls] table with a certificate from a
// TestPki (made at run time) and one IRC listener with `tls = true` (listeners[0]), plus the
// ways to reach it: TLS clients, registered or not, with or without a client certificate.
//
//   TlsChatd server;                                  // plain IRC on .chatd.port, TLS on .tls_port()
//   IrcClient alice = server.tls_registered("alice");
//
// Use from the test's own thread only.
#pragma once

#include <string>
#include <string_view>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/test_pki.hpp"
#include "support/tls_stream.hpp"

namespace chatd::test {

// The [tls] table for `cert`, with `more` keys (sts_port = ..., say).
inline std::string tls_table(const CertFiles& cert, std::string_view more = "") {
  return "[tls]\ncertificate = \"" + cert.certificate + "\"\nkey = \"" + cert.key + "\"\n" + std::string(more);
}

// `config` with a TLS IRC listener first among its listeners and [tls] for `cert` in `extra`.
inline ChatdConfig with_tls(const CertFiles& cert, ChatdConfig config = {}, std::string_view tls_keys = "") {
  config.listeners.insert(config.listeners.begin(), Listener{"irc", "tls = true\n"});
  config.extra = tls_table(cert, tls_keys) + config.extra;
  return config;
}

struct TlsChatd {
  // `config` gets the TLS listener and the [tls] table; `tls_keys` go into [tls].
  explicit TlsChatd(ChatdConfig config = {}, std::string_view tls_keys = "")
      : cert(pki.issue("test.chatd")), chatd(with_tls(cert, std::move(config), tls_keys)) {}

  std::uint16_t tls_port() const { return chatd.config.listeners[0].port; }
  IrcClient tls_client(const TlsOptions& options = {}) const { return IrcClient::tls(tls_port(), options); }
  IrcClient tls_registered(std::string_view nick, const TlsOptions& options = {}) const {
    IrcClient client = tls_client(options);
    client.register_as(nick);
    return client;
  }
  // A client certificate for `name` from the same PKI, as TlsOptions.
  TlsOptions client_cert(const std::string& name) const {
    const CertFiles files = pki.issue(name);
    return {files.certificate, files.key, ""};
  }
  // Rewrites chatd.toml with [tls] naming `next` (same listeners), ready for a reload.
  void use_certificate(const CertFiles& next, std::string_view tls_keys = "") {
    ChatdConfig config = chatd.config;
    const auto table_end = config.extra.find("\n[", 1);
    config.extra =
        tls_table(next, tls_keys) + (table_end == std::string::npos ? "" : config.extra.substr(table_end + 1));
    chatd.write_config(std::move(config));
  }

  TestPki pki;
  CertFiles cert;
  Chatd chatd;
};

}  // namespace chatd::test
