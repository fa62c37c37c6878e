// Black-box tests of IRCv3 MONITOR (730-734, + - C L S, MONITOR= in ISUPPORT) and
// extended-monitor (AWAY and SETNAME of monitored nicks for watchers with those capabilities).
#include <doctest/doctest.h>

#include <string>

#include "support/irc_client.hpp"
#include "support/protocol.hpp"

namespace {

using chatd::test::IrcClient;
using namespace chatd::test::protocol;

}  // namespace

TEST_CASE("monitor: + answers 730 with the hostmask or 731; L lists as written; - and C answer nothing") {
  Chatd chatd;
  IrcClient alice = chatd.connect();
  auto welcome = alice.register_as("alice");
  CHECK(isupport_has(welcome, "MONITOR=100"));
  IrcClient bob = chatd.registered("Bob");

  alice.send("MONITOR + bob,Carol,,dave");
  expect_next(alice, ":test.chatd 730 alice :Bob!Bob@127.0.0.1");
  expect_next(alice, ":test.chatd 731 alice :Carol,dave");
  alice.send("MONITOR + BOB");  // already there: not added twice, status answered again
  expect_next(alice, ":test.chatd 730 alice :Bob!Bob@127.0.0.1");
  alice.send("MONITOR L");
  expect_next(alice, ":test.chatd 732 alice :bob,Carol,dave");
  expect_next(alice, ":test.chatd 733 alice :End of MONITOR list");
  alice.send("MONITOR - carol");
  alice.send("monitor s");  // the modifier is case-insensitive, like the command
  expect_next(alice, ":test.chatd 730 alice :Bob!Bob@127.0.0.1");
  expect_next(alice, ":test.chatd 731 alice :dave");
  alice.send("MONITOR C");
  alice.send("MONITOR L");
  expect_next(alice, ":test.chatd 733 alice :End of MONITOR list");
  alice.send("MONITOR S");
  expect_quiet(alice);
}

TEST_CASE("monitor: watchers hear a nick come (730 *) and go (731 *), on connect, quit and nick change") {
  Chatd chatd;
  IrcClient alice = chatd.registered("alice");
  IrcClient carol = chatd.registered("carol");
  alice.send("MONITOR + bob,robert");
  expect_next(alice, ":test.chatd 731 alice :bob,robert");
  carol.send("MONITOR + bob");
  expect_next(carol, ":test.chatd 731 carol :bob");

  IrcClient bob = chatd.registered("bob");
  expect_next(alice, ":test.chatd 730 * :bob!bob@127.0.0.1");
  expect_next(carol, ":test.chatd 730 * :bob!bob@127.0.0.1");
  bob.send("NICK robert");
  bob.expect(" NICK :robert");
  expect_unordered(alice, {":test.chatd 731 * :bob", ":test.chatd 730 * :robert!bob@127.0.0.1"});
  expect_next(carol, ":test.chatd 731 * :bob");
  // A change of case is the same nick: nobody hears anything.
  bob.send("NICK Robert");
  bob.expect(" NICK :Robert");
  bob.send("QUIT :gone");
  expect_next(alice, ":test.chatd 731 * :Robert");
  expect_quiet(alice);
  expect_quiet(carol);

  // The list outlives the nick's comings and goings.
  IrcClient bob2 = chatd.registered("bob");
  expect_next(carol, ":test.chatd 730 * :bob!bob@127.0.0.1");
}

TEST_CASE("monitor: the list holds 100 nicks; 734 names the limit and the targets not added") {
  Chatd chatd;
  IrcClient alice = chatd.registered("alice");
  std::string list;
  for (int i = 0; i < 98; ++i) list += (list.empty() ? "n" : ",n") + std::to_string(i);
  alice.send("MONITOR + " + list);
  alice.expect(" 731 alice :");
  alice.drain();
  alice.send("MONITOR + a1,n5,a2,a3,a4");
  // a1 and a2 fit (n5 was already there); a3 and a4 do not.
  expect_next(alice, ":test.chatd 731 alice :a1,n5,a2");
  expect_next(alice, ":test.chatd 734 alice 100 a3,a4 :Monitor list is full");
  alice.send("MONITOR + a5");
  expect_next(alice, ":test.chatd 734 alice 100 a5 :Monitor list is full");
  alice.send("MONITOR - n0");
  alice.send("MONITOR + a5");
  expect_next(alice, ":test.chatd 731 alice :a5");
  alice.send("MONITOR L");
  auto lines = lines_through(alice, " 733 ");
  std::size_t count = 0;
  for (const auto& line : with_code(lines, "732")) {
    CHECK(line.size() <= 510);
    count += static_cast<std::size_t>(std::count(line.begin(), line.end(), ',')) + 1;
  }
  CHECK(count == 100);
}

TEST_CASE("monitor: bad input: unknown modifier 400, no targets 461, non-nicks skipped, not before registering") {
  Chatd chatd;
  IrcClient early = chatd.connect();
  early.send("MONITOR + x");
  expect_next(early, ":test.chatd 451 * :You have not registered");
  IrcClient alice = chatd.registered("alice");
  alice.send("MONITOR X a");
  expect_next(alice, ":test.chatd 400 alice MONITOR X :Unknown subcommand");
  alice.send("MONITOR ++ a");
  expect_next(alice, ":test.chatd 400 alice MONITOR ++ :Unknown subcommand");
  alice.send("MONITOR");
  expect_next(alice, ":test.chatd 461 alice MONITOR :Not enough parameters");
  alice.send("MONITOR +");
  expect_next(alice, ":test.chatd 461 alice MONITOR :Not enough parameters");
  alice.send("MONITOR -");
  expect_next(alice, ":test.chatd 461 alice MONITOR :Not enough parameters");
  alice.send("MONITOR + #chan,a*b,1digit," + std::string(40, 'n') + ",ok");
  expect_next(alice, ":test.chatd 731 alice :ok");
  alice.send("MONITOR L");
  expect_next(alice, ":test.chatd 732 alice :ok");
  expect_next(alice, ":test.chatd 733 alice :End of MONITOR list");
}

TEST_CASE("monitor: extended-monitor brings AWAY and SETNAME of monitored nicks, once per watcher") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", "away-notify extended-monitor setname");
  IrcClient plain = registered_with_caps(chatd, "plain", "away-notify setname");         // no extended-monitor
  IrcClient peer = registered_with_caps(chatd, "peer", "away-notify extended-monitor");  // shares a channel too
  IrcClient bob = chatd.registered("bob");
  for (IrcClient* watcher : {&alice, &plain, &peer}) {
    watcher->send("MONITOR + bob");
    watcher->expect(" 730 ");
  }
  join_channel(peer, "#x");
  join_channel(bob, "#x");
  peer.expect(":bob!bob@127.0.0.1 JOIN #x");

  bob.send("AWAY :lunch");
  bob.expect(" 306 ");
  expect_next(alice, ":bob!bob@127.0.0.1 AWAY :lunch");
  expect_next(peer, ":bob!bob@127.0.0.1 AWAY :lunch");
  bob.send("SETNAME :Robert Tables");
  expect_next(alice, ":bob!bob@127.0.0.1 SETNAME :Robert Tables");
  bob.send("AWAY");
  expect_next(alice, ":bob!bob@127.0.0.1 AWAY");
  expect_next(peer, ":bob!bob@127.0.0.1 AWAY");
  expect_quiet(plain);
  expect_quiet(peer);  // no setname: no SETNAME, and each AWAY came once
}
