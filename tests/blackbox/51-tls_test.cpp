// TLS listeners: TLS and plaintext users in one channel, what WHOIS says about them (671, and
// the client certificate's fingerprint 276 to the user and opers), IRCv3 sts, chatctl users,
// and a line listener over TLS driven by `openssl s_client`. Certificates come from a CA the
// test makes with openssl at run time.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"
#include "support/tls_fixture.hpp"

namespace {

using namespace chatd::test;
using namespace chatd::test::protocol;

// An [[operator]] "root" with password "hunter2" (sha512-crypt, made by openssl at run time).
std::string oper_table() {
  auto hash = run_program("openssl", {"passwd", "-6", "-salt", "chatdtest", "hunter2"});
  REQUIRE(hash.status == 0);
  while (!hash.output.empty() && hash.output.back() == '\n') hash.output.pop_back();
  return "[[operator]]\nname = \"root\"\npassword_hash = \"" + hash.output + "\"\n";
}

std::vector<std::string> whois(IrcClient& asker, std::string_view nick) {
  asker.send("WHOIS " + std::string(nick));
  return lines_through(asker, " 318 ");
}

}  // namespace

TEST_CASE("tls: TLS and plaintext users register and chat in one channel") {
  TlsChatd server;
  IrcClient alice = server.tls_registered("alice");
  IrcClient bob = server.chatd.registered("bob");
  IrcClient carol = server.tls_registered("carol");
  REQUIRE(alice.tls_stream() != nullptr);
  CHECK(alice.tls_stream()->peer_fingerprint() == server.pki.fingerprint(server.cert.certificate));
  join_all("#lab", {&alice, &bob, &carol});

  alice.send("PRIVMSG #lab :over TLS");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG #lab :over TLS");
  expect_next(carol, ":alice!alice@127.0.0.1 PRIVMSG #lab :over TLS");
  bob.send("PRIVMSG #lab :in the clear");
  expect_next(alice, ":bob!bob@127.0.0.1 PRIVMSG #lab :in the clear");
  expect_next(carol, ":bob!bob@127.0.0.1 PRIVMSG #lab :in the clear");
  // A long burst through one TLS session arrives whole and in order.
  for (int i = 0; i < 200; ++i) bob.send("PRIVMSG #lab :burst " + std::to_string(i));
  for (int i = 0; i < 200; ++i) {
    expect_next(alice, ":bob!bob@127.0.0.1 PRIVMSG #lab :burst " + std::to_string(i));
    expect_next(carol, ":bob!bob@127.0.0.1 PRIVMSG #lab :burst " + std::to_string(i));
  }
  expect_quiet({&alice, &bob, &carol});
}

TEST_CASE("tls: WHOIS shows 671 for TLS users, and the certificate fingerprint only to its user and to opers") {
  TlsChatd server({.extra = oper_table()});
  const TlsOptions alice_cert = server.client_cert("alice");
  IrcClient alice = server.tls_registered("alice", alice_cert);
  IrcClient bob = server.chatd.registered("bob");
  IrcClient carol = server.tls_registered("carol");
  const std::string fp = server.pki.fingerprint(alice_cert.certificate);

  auto seen_by_bob = whois(bob, "alice");
  CHECK(with_code(seen_by_bob, "671") ==
        std::vector<std::string>{":test.chatd 671 bob alice :is using a secure connection"});
  CHECK(with_code(seen_by_bob, "276").empty());

  auto seen_by_alice = whois(alice, "alice");
  CHECK(with_code(seen_by_alice, "276") ==
        std::vector<std::string>{":test.chatd 276 alice alice :has client certificate fingerprint " + fp});

  // Plaintext bob: no 671; TLS carol without a certificate: 671, no 276.
  CHECK(with_code(whois(alice, "bob"), "671").empty());
  auto carol_seen = whois(alice, "carol");
  CHECK(with_code(carol_seen, "671").size() == 1);
  CHECK(with_code(carol_seen, "276").empty());

  bob.send("OPER root hunter2");
  bob.expect(" 381 ");
  CHECK(with_code(whois(bob, "alice"), "276") ==
        std::vector<std::string>{":test.chatd 276 bob alice :has client certificate fingerprint " + fp});
}

TEST_CASE("tls: sts tells plaintext clients the TLS port and TLS clients the policy's duration") {
  TlsChatd server({}, "");
  // sts_port must name the TLS listener, whose port is known only now: write it and reload.
  server.use_certificate(server.cert, "sts_port = " + std::to_string(server.tls_port()) + "\nsts_duration = 300\n");
  server.chatd.process.send_signal(SIGHUP);
  REQUIRE(wait_for_log(server.chatd.process, "configuration reloaded"));

  IrcClient plain = server.chatd.connect();
  plain.send("CAP LS 302");
  const std::string ls = plain.expect(" CAP * LS ");
  CHECK(contains(ls, " sts=port=" + std::to_string(server.tls_port())));
  CHECK_FALSE(contains(ls, "duration"));
  // sts is advertised, never granted.
  plain.send("CAP REQ :sts");
  plain.expect(" CAP * NAK :sts");

  IrcClient secure = server.tls_client();
  secure.send("CAP LS 302");
  const std::string tls_ls = secure.expect(" CAP * LS ");
  CHECK(contains(tls_ls, " sts=duration=300"));
  CHECK_FALSE(contains(tls_ls, "port="));

  // A client that cannot read capability values (no 302) is not offered sts at all.
  IrcClient old = server.chatd.connect();
  old.send("CAP LS");
  CHECK_FALSE(contains(old.expect(" CAP * LS "), "sts"));
}

TEST_CASE("tls: without sts_port no client is offered sts") {
  TlsChatd server;
  IrcClient plain = server.chatd.connect();
  plain.send("CAP LS 302");
  CHECK_FALSE(contains(plain.expect(" CAP * LS "), "sts"));
  IrcClient secure = server.tls_client();
  secure.send("CAP LS 302");
  CHECK_FALSE(contains(secure.expect(" CAP * LS "), "sts"));
}

TEST_CASE("tls: chatctl users shows who is on TLS and their certificate fingerprint") {
  TempDir run_dir;
  const std::string socket = run_dir.path() + "/admin.sock";
  TlsChatd server({.extra = "[admin]\nsocket = \"" + socket + "\"\ngroup = \"root\"\n"});
  const TlsOptions cert = server.client_cert("alice");
  IrcClient alice = server.tls_registered("alice", cert);
  IrcClient bob = server.chatd.registered("bob");

  auto table = run_program(chatctl_binary(), {"--socket", socket, "users"});
  REQUIRE(table.status == 0);
  CHECK(contains(table.output, "TLS"));
  CHECK(contains(table.output, "CERTFP"));
  std::string alice_row, bob_row;
  for (std::size_t start = 0, end; start < table.output.size(); start = end + 1) {
    end = table.output.find('\n', start);
    if (end == std::string::npos) end = table.output.size();
    const std::string row = table.output.substr(start, end - start);
    if (starts_with(row, "alice ")) alice_row = row;
    if (starts_with(row, "bob ")) bob_row = row;
  }
  CHECK(contains(alice_row, " yes "));
  CHECK(contains(alice_row, server.pki.fingerprint(cert.certificate)));
  CHECK(contains(bob_row, " no"));

  auto json = run_program(chatctl_binary(), {"--socket", socket, "--json", "users"});
  const auto users = nlohmann::json::parse(json.output)["data"]["users"];
  REQUIRE(users.size() == 2);
  CHECK(users[0]["nick"] == "alice");
  CHECK(users[0]["tls"] == true);
  CHECK(users[0]["certfp"] == server.pki.fingerprint(cert.certificate));
  CHECK(users[1]["nick"] == "bob");
  CHECK(users[1]["tls"] == false);
  CHECK(users[1]["certfp"] == "");
}

TEST_CASE("tls: a line listener over TLS, with openssl s_client as the client") {
  TlsChatd server({.listeners = {{"line", "channel = \"#lobby\"\nwelcome = \"hi over TLS\"\ntls = true\n"}}});
  const auto line_port = server.chatd.config.listeners[1].port;
  IrcClient alice = server.tls_registered("alice");
  join_channel(alice, "#lobby");

  // s_client sends one line, then /quit; chatd's answers end with the closing line.
  const std::string script =
      "(printf 'hello from s_client\\n'; sleep 1; printf '/quit\\n'; sleep 2) | "
      "openssl s_client -quiet -no_ign_eof -connect 127.0.0.1:" +
      std::to_string(line_port) + " 2>&1";
  auto run = run_program("sh", {"-c", script}, 20000);
  CHECK(contains(run.output, "hi over TLS"));
  CHECK(contains(run.output, "* You are guest"));
  CHECK(contains(run.output, "* Closing link"));
  CHECK(starts_with(alice.expect(" PRIVMSG #lobby :hello from s_client"), ":guest"));
  alice.expect(" QUIT ");
}
