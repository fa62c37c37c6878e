// irssi, a real IRC client, over TLS: it connects with /connect -tls and verifies chatd's
// certificate against the test's CA, joins a channel and chats with a raw test client, and
// WHOIS shows it on a secure connection. irssi runs in a tmux terminal of its own. Skipped,
// with a message, when irssi or tmux is not installed (tools/deps.sh installs both).
#include <doctest/doctest.h>

#include <string>

#include "support/chatd_fixture.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"
#include "support/tls_fixture.hpp"
#include "support/tmux_session.hpp"

namespace {

using namespace chatd::test;
using namespace chatd::test::protocol;

}  // namespace

TEST_CASE("irssi: connects with -tls, verifies chatd's certificate, and chats in a channel") {
  if (!have_program("irssi") || !have_program("tmux")) {
    MESSAGE("skipped: irssi or tmux is not installed");
    return;
  }
  // A certificate for the address irssi connects to, so that -tls_verify can succeed.
  TestPki pki;
  const CertFiles cert = pki.issue("127.0.0.1");
  Chatd chatd(with_tls(cert));
  const std::uint16_t tls_port = chatd.config.listeners[0].port;
  IrcClient alice = chatd.registered("alice");
  join_channel(alice, "#lab");

  TmuxSession irssi("irssi --home=" + pki.dir() + "/irssi -n tlsuser");
  REQUIRE(irssi.wait_for_screen("Irssi"));
  irssi.type_line("/connect -tls -tls_verify -tls_cafile " + pki.dir() + "/ca.pem 127.0.0.1 " +
                  std::to_string(tls_port));
  // It is registered once WHOIS knows it.
  const bool arrived = wait_until(
      [&] {
        alice.send("WHOIS tlsuser");
        return contains(alice.expect(" 318 "), " tlsuser ") && !any_contains(alice.skipped(), " 401 ");
      },
      15000, 200);
  if (!arrived) FAIL("irssi did not register; its screen:\n" << irssi.screen());
  alice.send("WHOIS tlsuser");
  auto whois = lines_through(alice, " 318 ");
  CHECK(with_code(whois, "671") ==
        std::vector<std::string>{":test.chatd 671 alice tlsuser :is using a secure connection"});

  irssi.type_line("/join #lab");
  alice.expect(":tlsuser!");
  irssi.type_line("hello from irssi over TLS");
  alice.expect(" PRIVMSG #lab :hello from irssi over TLS", 10000);
  alice.send("PRIVMSG #lab :hello irssi");
  CHECK(irssi.wait_for_screen("hello irssi"));
  irssi.type_line("/quit leaving");
  alice.expect(" QUIT :Quit: leaving", 10000);
}
