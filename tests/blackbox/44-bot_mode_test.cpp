// Black-box tests of IRCv3 bot mode: user mode +B (BOT=B in ISUPPORT), 335 in WHOIS, the B
// flag in WHO, and the `bot` tag on a bot's messages for clients with message-tags.
#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "support/irc_client.hpp"
#include "support/protocol.hpp"

namespace {

using chatd::test::IrcClient;
using namespace chatd::test::protocol;

}  // namespace

TEST_CASE("bot: MODE +B marks a bot: BOT=B, 221, 335 in WHOIS, B in WHO flags; -B undoes it") {
  Chatd chatd;
  IrcClient robo = chatd.connect();
  auto welcome = robo.register_as("robo");
  CHECK(isupport_has(welcome, "BOT=B"));
  CHECK(with_code(welcome, "004").at(0) == ":test.chatd 004 robo test.chatd chatd-0.1.0 Biow Ibeiklmnostv Ibeklov");
  IrcClient alice = chatd.registered("alice");

  robo.send("MODE robo +B");
  expect_next(robo, ":robo MODE robo :+B");
  robo.send("MODE robo");
  expect_next(robo, ":test.chatd 221 robo +B");
  join_channel(robo, "#bots");
  alice.send("WHOIS robo");
  auto whois = lines_through(alice, " 318 ");
  CHECK(with_code(whois, "335") == std::vector<std::string>{":test.chatd 335 alice robo :is a bot"});
  alice.send("WHO #bots");
  alice.expect(":test.chatd 352 alice #bots robo 127.0.0.1 test.chatd robo HB@ :0 Test User");

  robo.send("MODE robo -B");
  expect_next(robo, ":robo MODE robo :-B");
  alice.send("WHOIS robo");
  whois = lines_through(alice, " 318 ");
  CHECK(with_code(whois, "335").empty());
}

TEST_CASE("bot: a bot's PRIVMSG, NOTICE and TAGMSG carry the bot tag for message-tags clients only") {
  Chatd chatd;
  IrcClient robo = chatd.registered("robo");
  IrcClient alice = registered_with_caps(chatd, "alice", "message-tags");
  IrcClient bob = chatd.registered("bob");
  for (IrcClient* c : {&robo, &alice, &bob}) join_channel(*c, "#b");
  alice.drain();
  robo.drain();
  robo.send("MODE robo +B");
  robo.expect(" MODE robo :+B");

  robo.send("PRIVMSG #b :beep");
  expect_next_re(alice, "@msgid=[0-9a-z]{24};bot :robo!robo@127\\.0\\.0\\.1 PRIVMSG #b :beep");
  expect_next(bob, ":robo!robo@127.0.0.1 PRIVMSG #b :beep");
  robo.send("@+x=y NOTICE alice :boop");
  expect_next_re(alice, "@msgid=[0-9a-z]{24};bot;\\+x=y :robo!robo@127\\.0\\.0\\.1 NOTICE alice :boop");
  robo.send("@+typing=active TAGMSG #b");
  expect_next_re(alice, "@msgid=[0-9a-z]{24};bot;\\+typing=active :robo!robo@127\\.0\\.0\\.1 TAGMSG #b");
  // Only the server sets it: a human cannot claim it with a tag.
  bob.send("@bot PRIVMSG #b :not a bot");
  expect_next_re(alice, "@msgid=[0-9a-z]{24} :bob!bob@127\\.0\\.0\\.1 PRIVMSG #b :not a bot");
  expect_quiet(bob);
}
