// Black-box tests of PRIVMSG and NOTICE: channel and private delivery (each recipient exactly
// once, never the sender, never a non-member), comma target lists, the error numerics (401, 404,
// 407, 411, 412) and NOTICE's silence about them, AWAY replies, byte-exact relaying of awkward
// text, and delivery between clients served by different worker threads.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"

namespace {

using namespace chatd::test;
using namespace chatd::test::protocol;

// alice, bob and carol on #lab (alice is op), dave on no channel; every JOIN already read.
struct Lab {
  explicit Lab(const Chatd& chatd)
      : alice(chatd.registered("alice")),
        bob(chatd.registered("bob")),
        carol(chatd.registered("carol")),
        dave(chatd.registered("dave")) {
    join_channel(alice, "#lab");
    join_channel(bob, "#lab");
    join_channel(carol, "#lab");
    expect_unordered(alice, {":bob!bob@127.0.0.1 JOIN #lab", ":carol!carol@127.0.0.1 JOIN #lab"});
    expect_next(bob, ":carol!carol@127.0.0.1 JOIN #lab");
  }
  void all_quiet(Where where = Where::current()) { expect_quiet({&alice, &bob, &carol, &dave}, where); }

  IrcClient alice, bob, carol, dave;
};

}  // namespace

TEST_CASE("msg: PRIVMSG to a channel reaches every other member exactly once, and nobody else") {
  Chatd chatd;
  Lab lab(chatd);
  lab.alice.send("PRIVMSG #lab :hello world");
  expect_next(lab.bob, ":alice!alice@127.0.0.1 PRIVMSG #lab :hello world");
  expect_next(lab.carol, ":alice!alice@127.0.0.1 PRIVMSG #lab :hello world");
  lab.all_quiet();  // no echo to alice, no copy for dave, no duplicates

  // Any spelling of the channel reaches it; the line carries the channel's own spelling.
  lab.bob.send("PRIVMSG #LAB :from bob");
  expect_next(lab.alice, ":bob!bob@127.0.0.1 PRIVMSG #lab :from bob");
  expect_next(lab.carol, ":bob!bob@127.0.0.1 PRIVMSG #lab :from bob");
  lab.all_quiet();
}

TEST_CASE("msg: NOTICE to a channel reaches every other member exactly once, and nobody else") {
  Chatd chatd;
  Lab lab(chatd);
  lab.carol.send("NOTICE #lab :heads up");
  expect_next(lab.alice, ":carol!carol@127.0.0.1 NOTICE #lab :heads up");
  expect_next(lab.bob, ":carol!carol@127.0.0.1 NOTICE #lab :heads up");
  lab.all_quiet();
}

TEST_CASE("msg: a non-member sending to a +n channel gets 404 and the channel hears nothing") {
  Chatd chatd;
  Lab lab(chatd);
  lab.dave.send("PRIVMSG #lab :let me in");
  expect_next(lab.dave, ":test.chatd 404 dave #lab :Cannot send to channel");
  lab.dave.send("NOTICE #lab :let me in");
  lab.all_quiet();

  // Once a member, the same message goes through; after PART it is refused again.
  join_channel(lab.dave, "#lab");
  lab.dave.send("PRIVMSG #lab :in now");
  expect_next(lab.alice, ":dave!dave@127.0.0.1 JOIN #lab");
  expect_next(lab.alice, ":dave!dave@127.0.0.1 PRIVMSG #lab :in now");
  lab.dave.send("PART #lab");
  expect_next(lab.dave, ":dave!dave@127.0.0.1 PART #lab");
  lab.dave.send("PRIVMSG #lab :out again");
  expect_next(lab.dave, ":test.chatd 404 dave #lab :Cannot send to channel");
  expect_next(lab.alice, ":dave!dave@127.0.0.1 PART #lab");
  lab.alice.send("MODE #lab");
  expect_next(lab.alice, ":test.chatd 324 alice #lab +nt");
  lab.alice.expect(" 329 ");
  expect_quiet(lab.alice);
}

TEST_CASE("msg: PRIVMSG and NOTICE to a nick reach that user alone, matched case-insensitively") {
  Chatd chatd;
  auto [alice, bob, carol] = chatd.users("alice", "Bob[1]", "carol");

  alice.send("PRIVMSG Bob[1] :hi bob");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG Bob[1] :hi bob");
  // rfc1459 folding: B/b and [/{ and ]/} are the same; the line names the nick as registered.
  alice.send("PRIVMSG bOB{1} :again");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG Bob[1] :again");
  alice.send("NOTICE BOB{1] :a notice");
  expect_next(bob, ":alice!alice@127.0.0.1 NOTICE Bob[1] :a notice");

  bob.send("PRIVMSG ALICE :reply");
  // USER "Bob[1]" is cleaned to "Bob1" for the prefix.
  expect_next(alice, ":Bob[1]!Bob1@127.0.0.1 PRIVMSG alice :reply");

  // A message to oneself comes back, once.
  carol.send("PRIVMSG carol :note to self");
  expect_next(carol, ":carol!carol@127.0.0.1 PRIVMSG carol :note to self");
  expect_quiet({&alice, &bob, &carol});
}

TEST_CASE("msg: comma-separated targets mix channels and nicks; each gets one copy, errors per target") {
  Chatd chatd;
  Lab lab(chatd);
  lab.alice.send("PRIVMSG #lab,dave,nobody,#nochan,BOB :multi");
  expect_next(lab.bob, ":alice!alice@127.0.0.1 PRIVMSG #lab :multi");
  expect_next(lab.bob, ":alice!alice@127.0.0.1 PRIVMSG bob :multi");  // also named directly
  expect_next(lab.carol, ":alice!alice@127.0.0.1 PRIVMSG #lab :multi");
  expect_next(lab.dave, ":alice!alice@127.0.0.1 PRIVMSG dave :multi");
  expect_next(lab.alice, ":test.chatd 401 alice nobody :No such nick/channel");
  expect_next(lab.alice, ":test.chatd 401 alice #nochan :No such nick/channel");
  lab.all_quiet();

  lab.dave.send("NOTICE carol,#lab,alice :n");
  expect_next(lab.carol, ":dave!dave@127.0.0.1 NOTICE carol :n");
  expect_next(lab.alice, ":dave!dave@127.0.0.1 NOTICE alice :n");
  lab.all_quiet();  // #lab refused dave silently: NOTICE never answers with errors
}

TEST_CASE("msg: 401 for an unknown nick or channel, 411 without a target, 412 without text") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");

  alice.send("PRIVMSG nobody :hello?");
  expect_next(alice, ":test.chatd 401 alice nobody :No such nick/channel");
  alice.send("PRIVMSG #nochan :hello?");
  expect_next(alice, ":test.chatd 401 alice #nochan :No such nick/channel");
  alice.send("PRIVMSG");
  expect_next(alice, ":test.chatd 411 alice :No recipient given (PRIVMSG)");
  alice.send("PRIVMSG bob");
  expect_next(alice, ":test.chatd 412 alice :No text to send");
  alice.send("PRIVMSG bob :");
  expect_next(alice, ":test.chatd 412 alice :No text to send");
  alice.send("PRIVMSG ,,, :text");
  expect_quiet(alice);  // an all-empty list names no target at all, and nothing is sent
  expect_quiet(bob);
}

TEST_CASE("msg: NOTICE errors are silent: no reply at all") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  join_channel(bob, "#lab");

  alice.send("NOTICE nobody :x");
  alice.send("NOTICE #nochan :x");
  alice.send("NOTICE #lab :not a member");
  alice.send("NOTICE");
  alice.send("NOTICE bob");
  alice.send("NOTICE bob :");
  std::string many;
  for (int i = 0; i < 21; ++i) many += (i ? "," : "") + std::string("n") + std::to_string(i);
  alice.send("NOTICE " + many + " :x");
  expect_quiet({&alice, &bob});
}

TEST_CASE("msg: more than MAXTARGETS (20) targets gets 407 and reaches nobody; 20 are fine") {
  Chatd chatd;
  std::vector<std::string> welcome;
  auto alice = chatd.registered("alice", welcome);
  // The tokens may sit on different 005 lines.
  CHECK(any_contains(welcome, " MAXTARGETS=20 "));
  CHECK(any_contains(
      welcome,
      " TARGMAX=JOIN:50,KICK:20,LIST:50,NAMES:50,NOTICE:20,PART:50,PRIVMSG:20,TAGMSG:20,USERHOST:5,WHOIS:20 "));
  auto bob = chatd.registered("bob");

  std::string twenty = "bob";
  for (int i = 1; i < 20; ++i) twenty += ",ghost" + std::to_string(i);
  alice.send("PRIVMSG " + twenty + ",ghost20 :too many");
  expect_next(alice, ":test.chatd 407 alice ghost20 :Too many targets");
  expect_quiet({&alice, &bob});

  alice.send("PRIVMSG " + twenty + " :just enough");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :just enough");
  for (int i = 1; i < 20; ++i) {
    expect_next(alice, ":test.chatd 401 alice ghost" + std::to_string(i) + " :No such nick/channel");
  }
  expect_quiet({&alice, &bob});
}

TEST_CASE("msg: PRIVMSG to an away user gets 301 with the away text; NOTICE and channels do not") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  join_all("#lab", {&alice, &bob});

  bob.send("AWAY :gone fishing: back at 5");
  expect_next(bob, ":test.chatd 306 bob :You have been marked as being away");

  alice.send("PRIVMSG BOB :are you there?");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :are you there?");
  expect_next(alice, ":test.chatd 301 alice bob :gone fishing: back at 5");
  alice.send("NOTICE bob :just a notice");
  expect_next(bob, ":alice!alice@127.0.0.1 NOTICE bob :just a notice");
  alice.send("PRIVMSG #lab :to the channel");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG #lab :to the channel");
  expect_quiet(alice);

  bob.send("AWAY");
  expect_next(bob, ":test.chatd 305 bob :You are no longer marked as being away");
  alice.send("PRIVMSG bob :back?");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :back?");
  expect_quiet({&alice, &bob});
}

TEST_CASE("msg: text with colons, spaces, CTCP and UTF-8 is relayed byte for byte") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  join_all("#lab", {&alice, &bob});

  const std::vector<std::string> texts = {
      "a: b  c :d ",       // colons and runs of spaces inside, a trailing space
      ":)",                // text that itself starts with ':'
      "  leading spaces",  //
      "\x01"
      "ACTION waves\x01",                           // CTCP
      "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",  // UTF-8: 2, 3 and 4 byte characters
      "tab\there",
  };
  for (const auto& text : texts) {
    alice.send("PRIVMSG #lab :" + text);
    expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG #lab :" + text);
    alice.send("PRIVMSG bob :" + text);
    expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :" + text);
  }
  // A one-word text may come without ':'; it is relayed as a trailing anyway.
  alice.send("PRIVMSG bob word");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :word");
  // Only the first word counts when the ':' is missing (RFC 1459 framing).
  alice.send("PRIVMSG bob two words");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :two");
  expect_quiet({&alice, &bob});
}

TEST_CASE("msg: a relayed line that would pass 512 bytes is cut on a UTF-8 character boundary") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  join_all("#lab", {&alice, &bob});

  // "PRIVMSG #lab :" + 496 bytes is a full 510-byte line from the client. Relayed, the prefix
  // ":alice!alice@127.0.0.1 PRIVMSG #lab :" takes 37 bytes, leaving 473 for the text: 472 'a'
  // and the first byte of an 'é', which must go whole.
  std::string text = std::string(472, 'a');
  for (int i = 0; i < 12; ++i) text += "\xC3\xA9";
  REQUIRE(text.size() == 496);
  alice.send("PRIVMSG #lab :" + text);
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG #lab :" + std::string(472, 'a'));
  expect_quiet({&alice, &bob});
}

TEST_CASE("msg: clients served by different worker threads all hear each other exactly once") {
  Chatd chatd({.workers = 4});
  constexpr int kClients = 9;  // connections are dealt round-robin, so every worker gets some
  std::vector<IrcClient> clients;
  for (int i = 0; i < kClients; ++i) clients.push_back(chatd.registered("u" + std::to_string(i)));
  for (auto& client : clients) join_channel(client, "#lab");
  // Each member hears the joins that came after its own.
  for (int i = 0; i < kClients; ++i) {
    std::vector<std::string> joins;
    for (int j = i + 1; j < kClients; ++j) {
      const std::string nick = "u" + std::to_string(j);
      joins.push_back(":" + nick + "!" + nick + "@127.0.0.1 JOIN #lab");
    }
    expect_unordered(clients[static_cast<std::size_t>(i)], joins);
  }

  for (int i = 0; i < kClients; ++i) {
    const std::string nick = "u" + std::to_string(i);
    auto& client = clients[static_cast<std::size_t>(i)];
    client.send("PRIVMSG #lab :hello from " + nick);
    // And a private message to the next client round the ring: another worker.
    const std::string next = "u" + std::to_string((i + 1) % kClients);
    client.send("PRIVMSG " + next + " :psst " + next);
  }
  for (int i = 0; i < kClients; ++i) {
    std::vector<std::string> want;
    for (int j = 0; j < kClients; ++j) {
      if (j == i) continue;
      const std::string nick = "u" + std::to_string(j);
      want.push_back(":" + nick + "!" + nick + "@127.0.0.1 PRIVMSG #lab :hello from " + nick);
    }
    const std::string me = "u" + std::to_string(i);
    const std::string prev = "u" + std::to_string((i + kClients - 1) % kClients);
    want.push_back(":" + prev + "!" + prev + "@127.0.0.1 PRIVMSG " + me + " :psst " + me);
    expect_unordered(clients[static_cast<std::size_t>(i)], want);
  }
  for (auto& client : clients) expect_quiet(client);
}
