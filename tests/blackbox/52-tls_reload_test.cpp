// Reloading TLS certificates: SIGHUP and chatctl reload read the certificate and key again; new
// handshakes use the new certificate while sessions already open carry on. A certificate that
// cannot be used (missing, not PEM, not matching its key, expired) refuses the reload with the
// file named and keeps the old one; the same errors stop chatd at start-up and show in
// --check-config.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"
#include "support/tls_fixture.hpp"

namespace {

using namespace chatd::test;
using namespace chatd::test::protocol;

// A broken certificate and the words chatd must say about it.
struct Broken {
  std::string what;
  CertFiles files;
  std::string message;
};

// Each way a certificate can be unusable, made from `pki`'s files.
std::vector<Broken> broken_certificates(const TestPki& pki) {
  std::vector<Broken> out;
  const CertFiles good = pki.issue("test.chatd");
  out.push_back({"missing",
                 {pki.dir() + "/gone.pem", good.key},
                 "tls.certificate: cannot read \"" + pki.dir() + "/gone.pem\": No such file or directory"});
  const std::string junk = pki.dir() + "/junk.pem";
  std::ofstream(junk) << "this is not a certificate\n";
  out.push_back({"not PEM", {junk, good.key}, "tls.certificate: \"" + junk + "\" holds no usable PEM certificate"});
  const CertFiles other = pki.issue("other");
  out.push_back({"mismatched key",
                 {good.certificate, other.key},
                 "tls.key: \"" + other.key + "\" does not match the certificate in \"" + good.certificate + "\""});
  const CertFiles old = pki.issue_expired("old");
  out.push_back({"expired", old, "tls.certificate: \"" + old.certificate + "\" expired on 2020-01-02 00:00:00 UTC"});
  return out;
}

// Connects over TLS and returns the fingerprint of the certificate chatd presented.
std::string presented(const TlsChatd& server) {
  IrcClient probe = server.tls_client();
  return probe.tls_stream()->peer_fingerprint();
}

}  // namespace

TEST_CASE("tls-reload: SIGHUP moves new handshakes to a new certificate; open sessions keep chatting") {
  TlsChatd server;
  IrcClient alice = server.tls_registered("alice");
  IrcClient bob = server.tls_registered("bob");
  join_all("#lab", {&alice, &bob});
  const std::string old_fp = server.pki.fingerprint(server.cert.certificate);
  CHECK(presented(server) == old_fp);

  const CertFiles next = server.pki.issue("renewed.chatd");
  server.use_certificate(next);
  server.chatd.process.send_signal(SIGHUP);
  REQUIRE(wait_for_log(server.chatd.process, "new TLS handshakes use certificate \"" + next.certificate + "\""));
  CHECK(contains(server.chatd.process.log(), "CN=renewed.chatd"));

  CHECK(presented(server) == server.pki.fingerprint(next.certificate));
  IrcClient carol = server.tls_registered("carol");
  join_channel(carol, "#lab");
  alice.expect(" JOIN #lab");
  bob.expect(" JOIN #lab");
  alice.send("PRIVMSG #lab :still here");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG #lab :still here");
  expect_next(carol, ":alice!alice@127.0.0.1 PRIVMSG #lab :still here");
  CHECK(alice.tls_stream()->peer_fingerprint() == old_fp);
}

TEST_CASE("tls-reload: chatctl reload refuses each unusable certificate, names the file, keeps the old one") {
  TempDir run_dir;
  const std::string socket = run_dir.path() + "/admin.sock";
  TlsChatd server({.extra = "[admin]\nsocket = \"" + socket + "\"\ngroup = \"root\"\n"});
  IrcClient alice = server.tls_registered("alice");
  const std::string good_fp = server.pki.fingerprint(server.cert.certificate);

  for (const Broken& broken : broken_certificates(server.pki)) {
    CAPTURE(broken.what);
    server.use_certificate(broken.files);
    auto reload = run_program(chatctl_binary(), {"--socket", socket, "reload"});
    CHECK(reload.status != 0);
    CHECK(contains(reload.output, broken.message));
    CHECK(contains(server.chatd.process.log(), "reload: " + broken.message));
    CHECK(presented(server) == good_fp);
    fence(alice);
  }

  // And a good one is taken again.
  const CertFiles next = server.pki.issue("next.chatd");
  server.use_certificate(next);
  auto reload = run_program(chatctl_binary(), {"--socket", socket, "reload"});
  CHECK(reload.status == 0);
  CHECK(presented(server) == server.pki.fingerprint(next.certificate));
  fence(alice);
}

TEST_CASE("tls-reload: the same errors stop chatd at start-up, and --check-config reports them") {
  TestPki pki;
  for (const Broken& broken : broken_certificates(pki)) {
    CAPTURE(broken.what);
    const std::uint16_t port = free_port();
    ChatdProcess chatd(with_tls(broken.files).text(port), port, {.expect_start = false});
    CHECK(chatd.wait_exit(10000) == 1);
    CHECK(contains(chatd.log(), "cannot start: " + broken.message));

    auto check = run_chatd({"--config", chatd.config_path(), "--check-config"});
    CHECK(check.status == 1);
    CHECK(contains(check.output, broken.message));
  }
}

TEST_CASE("tls-reload: a key every user can read is a warning at start-up and in --check-config") {
  TestPki pki;
  const CertFiles cert = pki.issue("test.chatd");
  ::chmod(cert.key.c_str(), 0644);
  const std::uint16_t port = free_port();
  ChatdConfig config = with_tls(cert);
  ChatdProcess chatd(config.text(port), config.listeners.back().port);
  const std::string warning = "tls.key: \"" + cert.key + "\" is readable by every user (mode 0644)";
  CHECK(wait_for_log(chatd, warning));
  CHECK(wait_for_log(chatd, "TLS in user space"));
  auto check = run_chatd({"--config", chatd.config_path(), "--check-config"});
  CHECK(check.status == 0);
  CHECK(contains(check.output, "warning: " + warning));
}

TEST_CASE("tls-reload: a [[listen]] with tls = true needs [tls]; an sts_port no TLS listener has is a warning") {
  const std::uint16_t port = free_port();
  ChatdConfig config{.listeners = {{"irc", "tls = true\n"}}};
  ChatdProcess chatd(config.text(port), port, {.expect_start = false});
  CHECK(chatd.wait_exit(10000) == 1);
  CHECK(contains(chatd.log(), "listen[1].tls: needs a [tls] table with certificate and key"));

  TestPki pki;
  config = with_tls(pki.issue("x"), {}, "sts_port = 1\n");
  ChatdProcess started(config.text(port), config.listeners.back().port);
  CHECK(wait_for_log(started, "tls.sts_port: no [[listen]] here has tls = true on port 1"));
  auto check = run_chatd({"--config", started.config_path(), "--check-config"});
  CHECK(check.status == 0);
  CHECK(contains(check.output, "warning: tls.sts_port: no [[listen]] here has tls = true on port 1"));
}
