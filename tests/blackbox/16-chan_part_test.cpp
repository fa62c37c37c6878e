// Black-box tests of leaving channels: PART with and without a reason, its errors, the last
// member leaving (the channel is destroyed), and a QUIT seen once by peers in several channels.
#include <doctest/doctest.h>

#include <string>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"

using namespace chatd::test;
using namespace chatd::test::protocol;

TEST_CASE("chan-part: PART with and without a reason reaches every member, the parter included, and no one else") {
  Chatd chatd;
  // dave: a stranger
  auto [alice, bob, carol, dave] = chatd.users("alice", "bob", "carol", "dave");
  join_channel(alice, "#lab");
  join_channel(bob, "#lab");
  join_channel(carol, "#lab");
  join_channel(dave, "#other");
  expect_unordered(alice, {":bob!bob@127.0.0.1 JOIN #lab", ":carol!carol@127.0.0.1 JOIN #lab"});
  expect_next(bob, ":carol!carol@127.0.0.1 JOIN #lab");

  bob.send("PART #lab :gone home: for today");
  const std::string with_reason = ":bob!bob@127.0.0.1 PART #lab :gone home: for today";
  expect_next(bob, with_reason);
  expect_next(alice, with_reason);
  expect_next(carol, with_reason);

  carol.send("PART #LAB");
  expect_next(carol, ":carol!carol@127.0.0.1 PART #lab");
  expect_next(alice, ":carol!carol@127.0.0.1 PART #lab");

  expect_quiet({&alice, &bob, &carol, &dave});
}

TEST_CASE("chan-part: PART errors: 442 when not on the channel, 403 when it does not exist, 461 without a name") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  join_channel(alice, "#lab");

  bob.send("PART #lab");
  expect_next(bob, ":test.chatd 442 bob #lab :You're not on that channel");
  bob.send("PART #nowhere");
  expect_next(bob, ":test.chatd 403 bob #nowhere :No such channel");
  bob.send("PART #nowhere,#LAB :bye");
  expect_next(bob, ":test.chatd 403 bob #nowhere :No such channel");
  expect_next(bob, ":test.chatd 442 bob #lab :You're not on that channel");
  bob.send("PART");
  expect_next(bob, ":test.chatd 461 bob PART :Not enough parameters");
  expect_quiet({&alice, &bob});
}

TEST_CASE("chan-part: the last PART destroys the channel; a new JOIN recreates it with a new op") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  join_channel(alice, "#lab");
  alice.send("TOPIC #lab :old topic");
  alice.expect(" TOPIC #lab ");

  alice.send("LIST");
  expect_next(alice, ":test.chatd 321 alice Channel :Users  Name");
  expect_next(alice, ":test.chatd 322 alice #lab 1 :old topic");
  expect_next(alice, ":test.chatd 323 alice :End of /LIST");

  alice.send("PART #lab");
  expect_next(alice, ":alice!alice@127.0.0.1 PART #lab");
  alice.send("LIST");
  expect_next(alice, ":test.chatd 321 alice Channel :Users  Name");
  expect_next(alice, ":test.chatd 323 alice :End of /LIST");
  alice.send("TOPIC #lab");
  expect_next(alice, ":test.chatd 403 alice #lab :No such channel");
  alice.send("LUSERS");
  alice.expect(" 251 ");
  expect_next(alice, ":test.chatd 254 alice 0 :channels formed");
  alice.expect(" 266 ");

  // The channel starts over: the topic is gone and the first joiner is the op.
  bob.send("JOIN #Lab");
  expect_next(bob, ":bob!bob@127.0.0.1 JOIN #Lab");
  expect_next(bob, ":test.chatd 353 bob = #Lab :@bob");
  expect_next(bob, ":test.chatd 366 bob #Lab :End of /NAMES list");
  bob.send("TOPIC #lab");
  expect_next(bob, ":test.chatd 331 bob #Lab :No topic is set");
  expect_quiet(alice);
}

TEST_CASE("chan-part: a QUIT reaches each channel peer once, however many channels they share") {
  Chatd chatd;
  auto [alice, bob, carol] = chatd.users("alice", "bob", "carol");
  join_channel(alice, "#a");
  join_channel(alice, "#b");
  join_channel(bob, "#a");
  join_channel(bob, "#b");
  join_channel(carol, "#c");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #a");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #b");

  bob.send("QUIT :see you");
  bob.read_until_closed();
  expect_next(alice, ":bob!bob@127.0.0.1 QUIT :Quit: see you");
  expect_quiet({&alice, &carol});

  alice.send("NAMES #a,#b");
  expect_next(alice, ":test.chatd 353 alice = #a :@alice");
  expect_next(alice, ":test.chatd 366 alice #a :End of /NAMES list");
  expect_next(alice, ":test.chatd 353 alice = #b :@alice");
  expect_next(alice, ":test.chatd 366 alice #b :End of /NAMES list");
}
