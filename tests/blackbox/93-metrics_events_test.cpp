// The event counters of the metrics endpoint, each driven by what the test makes happen:
// refusals at the connection limits, registration timeouts, flood throttles and Excess Flood,
// SendQ disconnects, reloads and TLS handshakes by result.
#include <doctest/doctest.h>
#include <sys/socket.h>

#include <csignal>
#include <string>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/http_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"
#include "support/tls_fixture.hpp"
#include "support/wait.hpp"

namespace {

using namespace chatd::test;
using namespace chatd::test::protocol;

// Waits until `series` reads `want` in a scrape.
bool reaches(std::uint16_t port, const std::string& series, double want) {
  return wait_until([&] { return value_of(scrape(port), series) == want; });
}

}  // namespace

TEST_CASE("metrics-events: refusals are counted by reason; a registration timeout once") {
  const std::uint16_t port = free_port();
  Chatd chatd({.limits = "max_clients = 3\nmax_per_ip = 2\nregistration_timeout = 1\n", .extra = metrics_table(port)});
  // The fixture's own probe of the listener is gone before the test's clients come.
  REQUIRE(reaches(port, "chatd_clients{protocol=\"irc\",tls=\"false\"}", 0));
  IrcClient first = chatd.connect();
  IrcClient second = chatd.connect();
  fence(first);
  fence(second);
  IrcClient third = chatd.connect();  // a third from 127.0.0.1: over max_per_ip
  third.expect("Too many connections from your address");
  CHECK(reaches(port, "chatd_connection_refusals_total{reason=\"address_full\"}", 1));
  CHECK(value_of(scrape(port), "chatd_connection_refusals_total{reason=\"server_full\"}") == 0);
  // Neither registers: each is closed after registration_timeout.
  first.expect("Registration timeout", 5000);
  second.expect("Registration timeout", 5000);
  CHECK(reaches(port, "chatd_registration_timeouts_total", 2));
  CHECK(value_of(scrape(port), "chatd_registrations_total") == 0);
  IrcClient alice = chatd.registered("alice");
  CHECK(reaches(port, "chatd_registrations_total", 1));
}

TEST_CASE("metrics-events: a flooder is throttled, then closed for Excess Flood: one of each") {
  const std::uint16_t port = free_port();
  Chatd chatd({.workers = 1,
               .limits = "flood_lines_per_second = 1\nflood_burst = 1\nrecvq = 1024\n",
               .extra = metrics_table(port)});
  auto [flooder, peer] = chatd.users("flooder", "peer");
  join_all("#x", {&flooder, &peer});
  // Registering and joining at one line a second has throttled them already: count from here.
  sleep_ms(2000);  // the bucket refills its one token
  const double before = value_of(scrape(port), "chatd_flood_throttles_total");
  // Three lines against a burst of one: the rest is held, and the flooder is no longer read.
  flooder.send_raw("PRIVMSG #x :a\r\nPRIVMSG #x :b\r\nPRIVMSG #x :c\r\n");
  peer.expect("PRIVMSG #x :a");
  CHECK(reaches(port, "chatd_flood_throttles_total", before + 1));
  CHECK(value_of(scrape(port), "chatd_excess_flood_disconnects_total") == 0);
  // Then more than recvq holds, read once the held lines have run.
  std::string paste;
  for (int i = 0; i < 200; ++i) paste += "PRIVMSG #x :line " + std::to_string(i) + "\r\n";
  flooder.send_raw(paste);
  peer.expect(":flooder!flooder@127.0.0.1 QUIT :Excess Flood", 10000);
  CHECK(reaches(port, "chatd_excess_flood_disconnects_total", 1));
}

TEST_CASE("metrics-events: a client that does not read is dropped at sendq, counted once") {
  const std::uint16_t port = free_port();
  Chatd chatd({.limits = "sendq = 65536\nflood_lines_per_second = 100000\nflood_burst = 100000\n"
                         "flood_bytes_per_second = 100000000\nflood_bytes_burst = 100000000\n",
               .extra = metrics_table(port)});
  IrcClient slow = chatd.connect();
  int small = 4096;
  ::setsockopt(slow.fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  slow.register_as("slow");
  join_channel(slow, "#busy");
  IrcClient sender = chatd.registered("sender");
  join_channel(sender, "#busy");
  const std::string text(400, 'x');
  bool quit_seen = false;
  for (int batch = 0; batch < 100 && !quit_seen; ++batch) {
    std::string paste;
    for (int i = 0; i < 200; ++i) paste += "PRIVMSG #busy :" + text + "\r\n";
    sender.send_raw(paste);
    round_trip(sender, "b" + std::to_string(batch));
    for (const auto& line : sender.skipped()) quit_seen = quit_seen || contains(line, "QUIT :SendQ exceeded");
  }
  REQUIRE(quit_seen);
  CHECK(reaches(port, "chatd_sendq_disconnects_total", 1));
}

TEST_CASE("metrics-events: reloads are counted by result") {
  const std::uint16_t port = free_port();
  Chatd chatd({.server = "motd = \"one\"\n", .extra = metrics_table(port)});
  ChatdConfig next = chatd.config;
  next.server = "motd = \"two\"\n";
  chatd.write_config(next);
  REQUIRE(chatd.process.send_signal(SIGHUP));
  CHECK(reaches(port, "chatd_reloads_total{result=\"ok\"}", 1));
  next.server = "motd = 42\n";  // not a string
  chatd.write_config(next);
  REQUIRE(chatd.process.send_signal(SIGHUP));
  CHECK(reaches(port, "chatd_reloads_total{result=\"failed\"}", 1));
  CHECK(value_of(scrape(port), "chatd_reloads_total{result=\"ok\"}") == 1);
}

TEST_CASE("metrics-events: TLS handshakes are counted by result") {
  const std::uint16_t port = free_port();
  ChatdConfig config;
  config.extra = metrics_table(port);
  TlsChatd server(std::move(config));
  IrcClient alice = server.tls_registered("alice");
  CHECK(reaches(port, "chatd_tls_handshakes_total{result=\"ok\"}", 1));
  IrcClient raw(server.tls_port());
  raw.send_raw(std::string("\x16\x03\x01\x00\x05hello", 10));  // a handshake record that is no ClientHello
  raw.read_until_closed(5000);
  CHECK(reaches(port, "chatd_tls_handshakes_total{result=\"failed\"}", 1));
  CHECK(value_of(scrape(port), "chatd_tls_handshakes_total{result=\"ok\"}") == 1);
}
