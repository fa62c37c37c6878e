// Black-box tests of IRCv3 setname: SETNAME changes the realname, the change reaches the
// user and its channel peers that have the capability, and refusals are FAIL SETNAME ...
#include <doctest/doctest.h>

#include <string>

#include "support/irc_client.hpp"
#include "support/protocol.hpp"

namespace {

using chatd::test::IrcClient;
using namespace chatd::test::protocol;

}  // namespace

TEST_CASE("setname: the new realname reaches the user and peers with setname, and WHOIS shows it") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", "setname");
  IrcClient bob = registered_with_caps(chatd, "bob", "setname server-time");
  IrcClient carol = chatd.registered("carol");
  IrcClient dave = registered_with_caps(chatd, "dave", "setname");  // shares no channel
  for (IrcClient* c : {&alice, &bob, &carol}) join_channel(*c, "#s");
  alice.drain();
  bob.drain();

  alice.send("SETNAME :Alice Liddell <alice@wonderland>");
  expect_next(alice, ":alice!alice@127.0.0.1 SETNAME :Alice Liddell <alice@wonderland>");
  bob.expect_re("^@time=\\S+ :alice!alice@127\\.0\\.0\\.1 SETNAME :Alice Liddell <alice@wonderland>$");
  carol.send("WHOIS alice");
  carol.expect(":test.chatd 311 carol alice alice 127.0.0.1 * :Alice Liddell <alice@wonderland>");
  carol.expect(" 318 carol alice ");
  alice.send("SETNAME Single");  // a middle parameter works too
  expect_next(alice, ":alice!alice@127.0.0.1 SETNAME :Single");
  expect_quiet(carol);
  expect_quiet(dave);
}

TEST_CASE("setname: without the capability it still works, silently") {
  Chatd chatd;
  IrcClient alice = chatd.registered("alice");
  alice.send("SETNAME :Quiet Change");
  expect_quiet(alice);
  alice.send("WHOIS alice");
  alice.expect(":test.chatd 311 alice alice alice 127.0.0.1 * :Quiet Change");
}

TEST_CASE("setname: empty or over NAMELEN is INVALID_REALNAME; too fast is CANNOT_CHANGE_REALNAME") {
  Chatd chatd("", "[limits]\nnick_changes_per_10s = 2\n");
  IrcClient alice = chatd.connect();
  alice.send("CAP REQ setname");
  alice.send("CAP END");
  auto welcome = alice.register_as("alice");
  CHECK(isupport_has(welcome, "NAMELEN=150"));

  alice.send("SETNAME :");
  expect_next(alice, ":test.chatd FAIL SETNAME INVALID_REALNAME :Realname is not valid");
  alice.send("SETNAME :" + std::string(151, 'r'));
  expect_next(alice, ":test.chatd FAIL SETNAME INVALID_REALNAME :Realname is not valid");
  alice.send("SETNAME");
  expect_next(alice, ":test.chatd 461 alice SETNAME :Not enough parameters");
  alice.send("SETNAME :" + std::string(150, 'r'));
  expect_next(alice, ":alice!alice@127.0.0.1 SETNAME :" + std::string(150, 'r'));
  alice.send("SETNAME :second");
  expect_next(alice, ":alice!alice@127.0.0.1 SETNAME :second");
  alice.send("SETNAME :third");
  expect_next(alice, ":test.chatd FAIL SETNAME CANNOT_CHANGE_REALNAME :Slow down your realname changes");
  alice.send("WHOIS alice");
  alice.expect(" 311 alice alice alice 127.0.0.1 * :second");

  // USER's realname is held to the same NAMELEN.
  IrcClient bob = chatd.connect();
  bob.send("NICK bob");
  bob.send("USER bob 0 * :" + std::string(200, 'b'));
  bob.expect(" 376 ");
  bob.send("WHOIS bob");
  bob.expect(" 311 bob bob bob 127.0.0.1 * :" + std::string(150, 'b'));
}

TEST_CASE("setname: not before registration") {
  Chatd chatd;
  IrcClient early = chatd.connect();
  early.send("SETNAME :Early Bird");
  expect_next(early, ":test.chatd 451 * :You have not registered");
}
