// Black-box tests of SASL login (IRCv3 sasl-3.1): the capability, PLAIN on loopback and over
// TLS, EXTERNAL with a client certificate whose fingerprint the account holds, each failure
// with its numeric (904-908), login after registration, the throttle on repeated failures,
// and a client stuck in SASL meeting the registration timeout.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/account_admin.hpp"
#include "support/chatd_fixture.hpp"
#include "support/netns.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"
#include "support/text_file.hpp"
#include "support/tls_fixture.hpp"
#include "support/websocket_client.hpp"

namespace {

using chatd::test::AccountAdmin;
using chatd::test::any_contains;
using chatd::test::base64;
using chatd::test::Chatd;
using chatd::test::ChatdConfig;
using chatd::test::contains;
using chatd::test::count_containing;
using chatd::test::IrcClient;
using chatd::test::Listener;
using chatd::test::sasl_plain;
using chatd::test::text_lines;
using chatd::test::TlsChatd;
using chatd::test::WebSocketClient;
using chatd::test::WsUpgrade;
using namespace chatd::test::protocol;

constexpr const char* kPassword = "correct horse";

// Sends `mechanism` and waits for the server's "AUTHENTICATE +".
void begin(IrcClient& client, const std::string& mechanism) {
  client.send("AUTHENTICATE " + mechanism);
  expect_next(client, "AUTHENTICATE +");
}

// The whole PLAIN exchange for `account` and `password`, up to the server's answer.
void send_plain(IrcClient& client, const std::string& account, const std::string& password) {
  begin(client, "PLAIN");
  client.send("AUTHENTICATE " + sasl_plain(account, password));
}

// A client that asked for sasl and is not registered yet.
IrcClient negotiating(const Chatd& chatd) {
  IrcClient client = chatd.connect();
  client.send("CAP LS 302");
  client.expect("sasl=PLAIN,EXTERNAL");
  client.send("CAP REQ sasl");
  client.expect(" ACK :sasl");
  client.send("NICK ana");
  client.send("USER ana 0 * :Ana");
  return client;
}

}  // namespace

TEST_CASE("sasl: the capability is offered with its mechanisms only while accounts are enabled") {
  AccountAdmin admin;
  Chatd on({.extra = admin.config_extra()});
  IrcClient client = on.connect();
  client.send("CAP LS 302");
  CHECK(contains(client.expect(" LS :"), " sasl=PLAIN,EXTERNAL"));
  client.send("CAP LS");
  const std::string old = client.expect(" LS :");
  CHECK(contains(old, " sasl"));
  CHECK_FALSE(contains(old, "sasl="));

  AccountAdmin off_admin;
  Chatd off({.extra = off_admin.config_extra(false)});
  IrcClient other = off.connect();
  other.send("CAP LS 302");
  CHECK_FALSE(contains(other.expect(" LS :"), "sasl"));
  other.send("AUTHENTICATE PLAIN");
  expect_next(other, ":test.chatd 904 * :SASL authentication failed: this server has no accounts");
}

TEST_CASE("sasl: PLAIN before registration logs in (900, 903), then CAP END registers") {
  AccountAdmin admin;
  Chatd chatd({.extra = admin.config_extra()});
  admin.add("Ana", kPassword);
  IrcClient client = negotiating(chatd);
  send_plain(client, "ana", kPassword);
  expect_next(client, ":test.chatd 900 ana ana!ana@127.0.0.1 Ana :You are now logged in as Ana");
  expect_next(client, ":test.chatd 903 ana :SASL authentication successful");
  client.send("CAP END");
  client.expect(" 001 ana ");
  client.send("AUTHENTICATE PLAIN");
  client.expect(" 907 ana :You have already authenticated using SASL");
}

TEST_CASE("sasl: a wrong password and an unknown account both get 904; abort, bad mechanism and long chunks") {
  AccountAdmin admin;
  Chatd chatd({.extra = admin.config_extra()});
  admin.add("ana", kPassword);
  IrcClient client = negotiating(chatd);
  send_plain(client, "ana", "wrong password");
  expect_next(client, ":test.chatd 904 ana :SASL authentication failed");
  begin(client, "plain");
  client.send("AUTHENTICATE " + sasl_plain("nobody", kPassword));
  expect_next(client, ":test.chatd 904 ana :SASL authentication failed");
  begin(client, "PLAIN");
  client.send("AUTHENTICATE *");
  expect_next(client, ":test.chatd 906 ana :SASL authentication aborted");
  client.send("AUTHENTICATE SCRAM-SHA-256");
  expect_next(client, ":test.chatd 908 ana PLAIN,EXTERNAL :are available SASL mechanisms");
  expect_next(client, ":test.chatd 904 ana :SASL authentication failed");
  begin(client, "PLAIN");
  client.send("AUTHENTICATE " + std::string(401, 'A'));
  expect_next(client, ":test.chatd 905 ana :SASL message too long");
  begin(client, "PLAIN");
  client.send("AUTHENTICATE not-base64!");
  expect_next(client, ":test.chatd 904 ana :SASL authentication failed");
  // An authorization identity other than the account is refused.
  begin(client, "PLAIN");
  client.send("AUTHENTICATE " + base64(std::string("bob\0ana\0", 8) + kPassword));
  expect_next(client, ":test.chatd 904 ana :SASL authentication failed");
  // After all that, the right password still logs in.
  send_plain(client, "ana", kPassword);
  client.expect(" 903 ana ");
  client.send("CAP END");
  client.expect(" 001 ana ");
  // Nothing the client sent is in the log.
  CHECK_FALSE(contains(chatd.process.log(), "wrong password"));
  CHECK_FALSE(contains(chatd.process.log(), kPassword));
}

TEST_CASE("sasl: a registered client logs in too, with a message sent in 400-byte chunks") {
  AccountAdmin admin;
  Chatd chatd({.extra = admin.config_extra()});
  // 300 bytes of message encode to exactly 400: the "+" that follows ends it. A 30-byte
  // account name, given twice (authzid and authcid), leaves room for a 238-byte password.
  const std::string name(30, 'a');
  const std::string password(238, 'p');
  admin.add(name, password);
  IrcClient client = chatd.registered("ana");
  const std::string encoded = base64(name + std::string(1, '\0') + name + std::string(1, '\0') + password);
  REQUIRE(encoded.size() == 400);
  begin(client, "PLAIN");
  client.send("AUTHENTICATE " + encoded);
  client.send("AUTHENTICATE +");
  expect_next(client, ":test.chatd 900 ana ana!ana@127.0.0.1 " + name + " :You are now logged in as " + name);
  expect_next(client, ":test.chatd 903 ana :SASL authentication successful");
}

TEST_CASE("sasl: repeated failures are throttled, logged once, and even the right password waits") {
  AccountAdmin admin;
  Chatd chatd({.extra = admin.config_extra()});
  admin.add("ana", kPassword);
  IrcClient client = negotiating(chatd);
  for (int i = 0; i < 4; ++i) {
    send_plain(client, "ana", "wrong password");
    expect_next(client, ":test.chatd 904 ana :SASL authentication failed");
  }
  send_plain(client, "ana", kPassword);
  expect_next(client, ":test.chatd 904 ana :SASL authentication failed: too many failed attempts, try again later");
  const auto log = text_lines(chatd.process.log());
  CHECK(count_containing(log, "repeated failed logins to account ana") == 1);
  CHECK(count_containing(log, "repeated failed logins from 127.0.0.1") == 1);
}

TEST_CASE("sasl: a client that never finishes SASL is closed at the registration timeout") {
  AccountAdmin admin;
  Chatd chatd({.limits = "registration_timeout = 1\n", .extra = admin.config_extra()});
  IrcClient client = negotiating(chatd);
  begin(client, "PLAIN");
  const auto lines = client.read_until_closed(10000);
  CHECK(any_contains(lines, "ERROR"));
}

TEST_CASE("sasl: PLAIN over TLS, and EXTERNAL with a client certificate the account holds") {
  AccountAdmin admin;
  TlsChatd server({.extra = admin.config_extra()});
  admin.add("ana", kPassword);
  IrcClient plain = server.tls_client();
  plain.send("CAP LS 302");
  plain.expect(" LS :");
  plain.send("NICK ana");
  plain.send("USER ana 0 * :Ana");
  send_plain(plain, "ana", kPassword);
  plain.expect(" 903 ana ");

  const auto cert = server.client_cert("ana-laptop");
  const std::string fp = server.pki.fingerprint(cert.certificate);
  // Without the fingerprint on the account, the certificate is no one's.
  IrcClient stranger = server.tls_client(cert);
  stranger.send("NICK bo");
  begin(stranger, "EXTERNAL");
  stranger.send("AUTHENTICATE +");
  expect_next(stranger, ":test.chatd 904 bo :SASL authentication failed");
  REQUIRE(admin.ctl({"account", "certfp", "add", "ana", fp}).status == 0);
  begin(stranger, "EXTERNAL");
  stranger.send("AUTHENTICATE +");
  expect_next(stranger, ":test.chatd 900 bo bo!*@127.0.0.1 ana :You are now logged in as ana");
  // Asking for another account with the same certificate fails; asking for its own works.
  IrcClient asks = server.tls_client(cert);
  asks.send("NICK cy");
  begin(asks, "EXTERNAL");
  asks.send("AUTHENTICATE " + base64("someone"));
  expect_next(asks, ":test.chatd 904 cy :SASL authentication failed");
  begin(asks, "EXTERNAL");
  asks.send("AUTHENTICATE " + base64("ANA"));
  asks.expect(" 903 cy ");

  // EXTERNAL without a certificate is refused before any exchange.
  IrcClient bare = server.tls_client();
  bare.send("NICK di");
  bare.send("AUTHENTICATE EXTERNAL");
  expect_next(bare, ":test.chatd 904 di :SASL authentication failed: EXTERNAL needs a TLS client certificate");
}

TEST_CASE("sasl: PLAIN is refused on plaintext from a non-loopback address, unless the config allows it") {
  // A web client behind a trusted proxy on loopback: its host is the forwarded address.
  const WsUpgrade forwarded{.extra_headers = "X-Forwarded-For: 203.0.113.7\r\n"};
  for (const bool required : {true, false}) {
    CAPTURE(required);
    AccountAdmin admin;
    Chatd chatd({.listeners = {Listener{"websocket", "trusted_proxies = [\"127.0.0.1\"]\n"}},
                 .extra = admin.config_extra(true, required ? "" : "require_tls_for_plain = false\n")});
    admin.add("ana", kPassword);
    WebSocketClient web(chatd.config.listeners.at(0).port, forwarded);
    REQUIRE(web.status() == 101);
    web.send_text("NICK ana");
    web.send_text("AUTHENTICATE PLAIN");
    if (required) {
      web.expect("904 ana :SASL authentication failed: PLAIN needs a TLS connection here");
    } else {
      web.expect("AUTHENTICATE +");
      web.send_text("AUTHENTICATE " + sasl_plain("ana", kPassword));
      web.expect("903 ana");
    }
  }
}

TEST_CASE("sasl: PLAIN is refused on a plaintext TCP connection from a non-loopback address") {
  if (auto why = chatd::test::netns_unavailable(); !why.empty()) {
    MESSAGE("skipped: " << why);
    return;
  }
  // A namespace of the test's own with 10.99.0.1 on its lo: chatd listens there too, and a
  // client connecting to it comes from 10.99.0.1, which is not loopback.
  chatd::test::Netns ns;
  ns.ip({"addr", "add", "10.99.0.1/32", "dev", "lo"});
  chatd::test::NetnsScope inside(ns);
  const std::uint16_t lan_port = chatd::test::free_port();
  AccountAdmin admin;
  Chatd chatd(
      {.extra = "[[listen]]\naddress = \"10.99.0.1:" + std::to_string(lan_port) + "\"\n" + admin.config_extra()});
  admin.add("ana", kPassword);

  IrcClient lan(lan_port, "10.99.0.1");
  lan.send("NICK ana");
  lan.send("AUTHENTICATE PLAIN");
  expect_next(lan, ":test.chatd 904 ana :SASL authentication failed: PLAIN needs a TLS connection here");
  // The same server, from loopback: allowed.
  IrcClient local = chatd.connect();
  local.send("NICK ana2");
  chatd::test::sasl_log_in(local, "ana", kPassword);
}
