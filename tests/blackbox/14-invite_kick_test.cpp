// Black-box tests of INVITE (invite-only channels, invitations used once) and KICK.
#include <doctest/doctest.h>

#include <string>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/protocol.hpp"

using namespace chatd::test;
using namespace chatd::test::protocol;

TEST_CASE("invite-kick: invite-only channel: 473, INVITE lets bob in once, a second join after PART is refused") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  join_channel(alice, "#team");
  alice.send("MODE #team +i");
  expect_next(alice, ":alice!alice@127.0.0.1 MODE #team +i");
  bob.send("JOIN #team");
  expect_next(bob, ":test.chatd 473 bob #team :Cannot join channel (+i)");

  alice.send("INVITE bob #team");
  expect_next(alice, ":test.chatd 341 alice bob #team");
  expect_next(bob, ":alice!alice@127.0.0.1 INVITE bob #team");
  bob.send("JOIN #team");
  expect_next(bob, ":bob!bob@127.0.0.1 JOIN #team");
  alice.expect(":bob!bob@127.0.0.1 JOIN #team");
  alice.send("INVITE bob #team");
  expect_next(alice, ":test.chatd 443 alice bob #team :is already on channel");

  bob.send("PART #team");
  bob.expect(" PART #team");
  bob.send("JOIN #team");
  expect_next(bob, ":test.chatd 473 bob #team :Cannot join channel (+i)");
}

TEST_CASE("invite-kick: an invitation passes +l but not +k or +b") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  join_channel(alice, "#x");
  alice.send("MODE #x +ilk 1 key");
  alice.expect(" MODE #x +ilk 1 key");
  alice.send("INVITE bob #x");
  alice.expect(" 341 alice bob #x");
  bob.expect(" INVITE bob #x");
  bob.send("JOIN #x");
  expect_next(bob, ":test.chatd 475 bob #x :Cannot join channel (+k)");
  bob.send("JOIN #x key");
  expect_next(bob, ":bob!bob@127.0.0.1 JOIN #x");
}

TEST_CASE("invite-kick: refusals 401, 403, 442, 482 and 461") {
  Chatd chatd;
  auto [alice, bob, carol] = chatd.users("alice", "bob", "carol");
  join_channel(alice, "#r");
  join_channel(bob, "#r");
  alice.send("MODE #r +i");
  bob.expect(" MODE #r +i");
  alice.drain();
  bob.send("INVITE nobody #r");
  expect_next(bob, ":test.chatd 401 bob nobody :No such nick/channel");
  bob.send("INVITE carol #nowhere");
  expect_next(bob, ":test.chatd 403 bob #nowhere :No such channel");
  carol.send("INVITE bob #r");
  expect_next(carol, ":test.chatd 442 carol #r :You're not on that channel");
  bob.send("INVITE carol #r");
  expect_next(bob, ":test.chatd 482 bob #r :You're not channel operator");
  bob.send("INVITE carol");
  expect_next(bob, ":test.chatd 461 bob INVITE :Not enough parameters");
  carol.expect_silence(200);
}

TEST_CASE("invite-kick: ops kick with a reason or the default one, comma lists; 482, 441, 442, 403") {
  Chatd chatd;
  auto [alice, bob, carol, dave] = chatd.users("alice", "bob", "carol", "dave");
  join_channel(alice, "#k");
  join_channel(bob, "#k");
  join_channel(carol, "#k");
  bob.drain();
  carol.drain();

  bob.send("KICK #k carol");
  expect_next(bob, ":test.chatd 482 bob #k :You're not channel operator");
  dave.send("KICK #k carol");
  expect_next(dave, ":test.chatd 442 dave #k :You're not on that channel");
  dave.send("KICK #none carol");
  expect_next(dave, ":test.chatd 403 dave #none :No such channel");
  alice.drain();
  alice.send("KICK #k dave");
  expect_next(alice, ":test.chatd 441 alice dave #k :They aren't on that channel");

  alice.send("KICK #k bob :behave");
  expect_next(alice, ":alice!alice@127.0.0.1 KICK #k bob :behave");
  expect_next(bob, ":alice!alice@127.0.0.1 KICK #k bob :behave");
  expect_next(carol, ":alice!alice@127.0.0.1 KICK #k bob :behave");
  bob.send("PRIVMSG #k :still here?");
  expect_next(bob, ":test.chatd 404 bob #k :Cannot send to channel");

  join_channel(bob, "#k");
  alice.expect(" JOIN #k");
  carol.expect(" JOIN #k");
  alice.send("KICK #k bob,carol");
  expect_next(alice, ":alice!alice@127.0.0.1 KICK #k bob :alice");
  expect_next(alice, ":alice!alice@127.0.0.1 KICK #k carol :alice");
  alice.send("NAMES #k");
  expect_next(alice, ":test.chatd 353 alice = #k :@alice");
}
