// Black-box tests of TOPIC: the query (331, 332, 333), setting it (ops only on +t), the topic
// a joiner gets, and TOPICLEN cutting on a UTF-8 character boundary.
#include <doctest/doctest.h>

#include <ctime>
#include <string>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"

using namespace chatd::test;
using namespace chatd::test::protocol;

TEST_CASE("chan-topic: TOPIC query answers 331 without a topic, 332 and 333 with one; joiners get it too") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  join_channel(alice, "#lab");

  alice.send("TOPIC #lab");
  expect_next(alice, ":test.chatd 331 alice #lab :No topic is set");

  const auto before = std::time(nullptr);
  alice.send("TOPIC #lab :Lab night: bring snacks");
  expect_next(alice, ":alice!alice@127.0.0.1 TOPIC #lab :Lab night: bring snacks");
  alice.send("TOPIC #LAB");
  expect_next(alice, ":test.chatd 332 alice #lab :Lab night: bring snacks");
  expect_recent_time(next_line(alice), R"(:test\.chatd 333 alice #lab alice (\d+))", before);

  // A joiner gets JOIN, then the topic, then the names.
  bob.send("JOIN #lab");
  expect_next(bob, ":bob!bob@127.0.0.1 JOIN #lab");
  expect_next(bob, ":test.chatd 332 bob #lab :Lab night: bring snacks");
  CHECK(next_line(bob).rfind(":test.chatd 333 bob #lab alice ", 0) == 0);
  CHECK(next_line(bob).rfind(":test.chatd 353 bob = #lab :", 0) == 0);
  expect_next(bob, ":test.chatd 366 bob #lab :End of /NAMES list");

  // Anyone may read the topic of a (non-secret) channel.
  auto carol = chatd.registered("carol");
  carol.send("TOPIC #lab");
  expect_next(carol, ":test.chatd 332 carol #lab :Lab night: bring snacks");
  CHECK(next_line(carol).rfind(":test.chatd 333 carol #lab alice ", 0) == 0);
  carol.send("TOPIC #nowhere");
  expect_next(carol, ":test.chatd 403 carol #nowhere :No such channel");
  carol.send("TOPIC");
  expect_next(carol, ":test.chatd 461 carol TOPIC :Not enough parameters");
  expect_quiet(carol);
}

TEST_CASE("chan-topic: TOPIC set by an op reaches all members; non-ops on +t get 482, non-members 442") {
  Chatd chatd;
  auto [alice, bob, carol] = chatd.users("alice", "bob", "carol");
  join_all("#lab", {&alice, &bob});

  alice.send("TOPIC #lab :new topic");
  expect_next(alice, ":alice!alice@127.0.0.1 TOPIC #lab :new topic");
  expect_next(bob, ":alice!alice@127.0.0.1 TOPIC #lab :new topic");
  expect_quiet(carol);

  bob.send("TOPIC #lab :bob's topic");
  expect_next(bob, ":test.chatd 482 bob #lab :You're not channel operator");
  carol.send("TOPIC #lab :carol's topic");
  expect_next(carol, ":test.chatd 442 carol #lab :You're not on that channel");
  bob.send("TOPIC #lab");
  expect_next(bob, ":test.chatd 332 bob #lab :new topic");
  bob.expect(" 333 ");

  // An empty topic clears it.
  alice.send("TOPIC #lab :");
  expect_next(alice, ":alice!alice@127.0.0.1 TOPIC #lab :");
  expect_next(bob, ":alice!alice@127.0.0.1 TOPIC #lab :");
  bob.send("TOPIC #lab");
  expect_next(bob, ":test.chatd 331 bob #lab :No topic is set");
  expect_quiet({&alice, &bob, &carol});
}

TEST_CASE("chan-topic: a topic longer than TOPICLEN is cut on a UTF-8 character boundary") {
  Chatd chatd({.limits = "topic_length = 10\n"});
  std::vector<std::string> welcome;
  auto alice = chatd.registered("alice", welcome);
  CHECK(any_contains(welcome, " TOPICLEN=10 "));
  join_channel(alice, "#lab");

  alice.send("TOPIC #lab :0123456789abc");
  expect_next(alice, ":alice!alice@127.0.0.1 TOPIC #lab :0123456789");
  // "é" is 2 bytes at offsets 9-10: cutting at 10 would split it, so it goes entirely.
  alice.send("TOPIC #lab :abcdefghi\xC3\xA9xyz");
  expect_next(alice, ":alice!alice@127.0.0.1 TOPIC #lab :abcdefghi");
  // "€" is 3 bytes at offsets 8-10.
  alice.send("TOPIC #lab :abcdefgh\xE2\x82\xACxyz");
  expect_next(alice, ":alice!alice@127.0.0.1 TOPIC #lab :abcdefgh");
  // Exactly 10 bytes ending in a whole character is kept as is.
  alice.send("TOPIC #lab :abcdefgh\xC3\xA9");
  expect_next(alice, ":alice!alice@127.0.0.1 TOPIC #lab :abcdefgh\xC3\xA9");
  alice.send("TOPIC #lab");
  expect_next(alice, ":test.chatd 332 alice #lab :abcdefgh\xC3\xA9");
  alice.expect(" 333 ");
  expect_quiet(alice);
}
