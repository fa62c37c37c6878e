// Bad input around TLS: plaintext on a TLS port, TLS on a plaintext port, garbage, a handshake
// that never finishes or stops halfway, and more connections from one address than allowed.
// Each is closed quickly with at most one debug line, and the one worker keeps serving others.
#include <doctest/doctest.h>

#include <optional>
#include <stdexcept>
#include <string>

#include "support/chatd_fixture.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"
#include "support/tls_fixture.hpp"

namespace {

using namespace chatd::test;
using namespace chatd::test::protocol;

constexpr std::string_view kNotReady = "closed before the connection was ready: ";

// One worker (a stalled one would show) and debug logging (to count the lines). The plain
// listener last is the one the fixture probes at start-up, so the probe leaves no line.
ChatdConfig hostile_config(std::string limits = "") {
  return {.workers = 1, .limits = std::move(limits), .listeners = {{"irc", ""}}, .extra = "[log]\nlevel = \"debug\"\n"};
}

int count_in_log(const TlsChatd& server, std::string_view text) {
  const std::string log = server.chatd.process.log();
  int n = 0;
  for (auto at = log.find(text); at != std::string::npos; at = log.find(text, at + 1)) ++n;
  return n;
}

// The first bytes of a TLS 1.2+ ClientHello: a record header announcing 512 bytes and the
// handshake header; the rest never comes.
const std::string kHelloStart("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);

// The worker still serves: a new TLS client registers and answers a PING.
void still_served(const TlsChatd& server, std::string_view nick) {
  IrcClient client = server.tls_registered(nick);
  fence(client);
}

}  // namespace

TEST_CASE("tls-hostile: a plaintext IRC client on a TLS port is closed at once, with one debug line") {
  TlsChatd server(hostile_config());
  IrcClient plain(server.tls_port());
  plain.send("NICK alice");
  plain.send("USER alice 0 * :Alice");
  auto lines = plain.read_until_closed(5000);
  CHECK_FALSE(any_contains(lines, "001"));
  still_served(server, "bob");
  CHECK(wait_for_log(server.chatd.process, "TLS handshake failed"));
  CHECK(count_in_log(server, kNotReady) == 1);
}

TEST_CASE("tls-hostile: a TLS client on a plaintext port fails its handshake at once") {
  TlsChatd server(hostile_config());
  CHECK_THROWS_AS(IrcClient::tls(server.chatd.port), std::runtime_error);
  IrcClient bob = server.chatd.registered("bob");
  fence(bob);
  CHECK(count_in_log(server, "a TLS handshake on a plaintext port") == 1);
}

TEST_CASE("tls-hostile: garbage on a TLS port is closed at once") {
  TlsChatd server(hostile_config());
  for (std::string junk : {std::string("\xde\xad\xbe\xef garbage garbage garbage\r\n"),
                           std::string("\x16\x03\x01\x00\x05hello", 10), std::string("GET / HTTP/1.1\r\n\r\n")}) {
    IrcClient raw(server.tls_port());
    raw.send_raw(junk);
    raw.read_until_closed(5000);
  }
  still_served(server, "bob");
  CHECK(count_in_log(server, kNotReady) == 3);
}

TEST_CASE("tls-hostile: a handshake that never finishes counts against the registration timeout") {
  TlsChatd server(hostile_config("registration_timeout = 1\n"));
  IrcClient silent(server.tls_port());
  IrcClient halfway(server.tls_port());
  halfway.send_raw(kHelloStart);
  // Meanwhile the only worker serves everyone else.
  still_served(server, "bob");
  silent.read_until_closed(10000);
  halfway.read_until_closed(10000);
  CHECK(count_in_log(server, std::string(kNotReady) + "Registration timeout") == 2);
}

TEST_CASE("tls-hostile: a client that stops mid-handshake is cleaned up") {
  TlsChatd server(hostile_config());
  {
    IrcClient quitter(server.tls_port());
    quitter.send_raw(kHelloStart);
  }
  CHECK(wait_for_log(server.chatd.process, std::string(kNotReady) + "Remote host closed the connection"));
  still_served(server, "bob");
  CHECK(count_in_log(server, kNotReady) == 1);
}

TEST_CASE("tls-hostile: the per-address limit applies before any handshake work") {
  TlsChatd server(hostile_config("max_per_ip = 2\n"));
  // Two TLS sessions take both slots. (Each is retried until admitted: the fixture's start-up
  // probe may still hold a slot for a moment.) The third connection gets no handshake at all.
  auto admitted = [&] {
    std::optional<IrcClient> client;
    wait_until([&] {
      try {
        client.emplace(IrcClient::tls(server.tls_port()));
      } catch (const std::runtime_error&) {
      }
      return client.has_value();
    });
    REQUIRE(client.has_value());
    return std::move(*client);
  };
  IrcClient first = admitted();
  IrcClient second = admitted();
  const int failed_before = count_in_log(server, "TLS handshake failed");
  CHECK_THROWS_AS(IrcClient::tls(server.tls_port()), std::runtime_error);
  CHECK(wait_for_log(server.chatd.process, "refused 127.0.0.1: Too many connections from your address"));
  CHECK(count_in_log(server, "TLS handshake failed") == failed_before);
}
