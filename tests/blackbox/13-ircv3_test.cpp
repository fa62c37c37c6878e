// Black-box tests of IRCv3: CAP 302 negotiation and the capabilities chatd offers
// (message-tags with TAGMSG, server-time, echo-message, away-notify, invite-notify,
// multi-prefix, userhost-in-names), and the tag-section limits.
#include <doctest/doctest.h>

#include <string>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/protocol.hpp"

namespace {

using namespace chatd::test;
using namespace chatd::test::protocol;

const std::string kAllCaps =
    "away-notify batch cap-notify draft/chathistory draft/event-playback echo-message extended-monitor invite-notify "
    "labeled-response "
    "message-tags "
    "multi-prefix server-time setname userhost-in-names";

}  // namespace

TEST_CASE("ircv3: LS 302 lists every capability, REQ is acked or refused as a whole, LIST, END registers") {
  Chatd chatd;
  IrcClient alice = chatd.connect();
  alice.send("CAP LS 302");
  expect_next(alice, ":test.chatd CAP * LS :" + kAllCaps);
  alice.send("NICK alice");
  alice.send("USER alice 0 * :Alice");
  alice.send("CAP REQ :server-time bogus");
  expect_next(alice, ":test.chatd CAP alice NAK :server-time bogus");
  alice.send("CAP REQ :server-time echo-message");
  expect_next(alice, ":test.chatd CAP alice ACK :server-time echo-message");
  alice.send("CAP LIST");
  expect_next(alice, ":test.chatd CAP alice LIST :cap-notify echo-message server-time");
  alice.expect_silence(200);
  alice.send("CAP END");
  alice.expect(" 001 alice ");
  alice.expect(" 376 ");
  // After registration too, and '-' takes a capability away.
  alice.send("CAP REQ :-echo-message multi-prefix");
  expect_next(alice, ":test.chatd CAP alice ACK :-echo-message multi-prefix");
  alice.send("CAP LIST");
  expect_next(alice, ":test.chatd CAP alice LIST :cap-notify multi-prefix server-time");
}

TEST_CASE("ircv3: client-only tags reach message-tags recipients and not plain ones; TAGMSG likewise") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", "message-tags");
  IrcClient bob = registered_with_caps(chatd, "bob", "message-tags");
  IrcClient carol = chatd.registered("carol");
  join_channel(alice, "#t");
  join_channel(bob, "#t");
  join_channel(carol, "#t");
  alice.drain();
  bob.drain();

  alice.send("@+draft/react=\\:);+example.com/x;not-client=1 PRIVMSG #t :tagged");
  // Server tags (the msgid) come first, then the client's.
  expect_next_re(
      bob,
      "@msgid=[0-9a-z]{24};\\+draft/react=\\\\:\\);\\+example\\.com/x :alice!alice@127\\.0\\.0\\.1 PRIVMSG #t :tagged");
  expect_next(carol, ":alice!alice@127.0.0.1 PRIVMSG #t :tagged");

  alice.send("@+typing=active TAGMSG #t");
  expect_next_re(bob, "@msgid=[0-9a-z]{24};\\+typing=active :alice!alice@127\\.0\\.0\\.1 TAGMSG #t");
  alice.send("@+typing=done TAGMSG bob");
  expect_next_re(bob, "@msgid=[0-9a-z]{24};\\+typing=done :alice!alice@127\\.0\\.0\\.1 TAGMSG bob");
  carol.expect_silence(200);
  fence(alice);
}

TEST_CASE("ircv3: server-time stamps relayed messages for the clients that asked, in ISO 8601 UTC with ms") {
  Chatd chatd;
  IrcClient alice = chatd.registered("alice");
  IrcClient bob = registered_with_caps(chatd, "bob", "server-time");
  join_all("#st", {&alice, &bob});
  alice.send("PRIVMSG #st :what time is it");
  bob.expect_re(
      R"(^@time=[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z :alice!alice@127\.0\.0\.1 PRIVMSG #st :what time is it$)");
  alice.send("PRIVMSG bob :private");
  bob.expect_re(R"(^@time=\S+Z :alice!alice@127\.0\.0\.1 PRIVMSG bob :private$)");
  bob.send("PRIVMSG #st :plain for alice");
  expect_next(alice, ":bob!bob@127.0.0.1 PRIVMSG #st :plain for alice");
}

TEST_CASE("ircv3: echo-message returns the sender's own PRIVMSG and NOTICE") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", "echo-message");
  IrcClient bob = chatd.registered("bob");
  join_all("#e", {&alice, &bob});
  alice.send("PRIVMSG #e :hello all");
  expect_next(alice, ":alice!alice@127.0.0.1 PRIVMSG #e :hello all");
  alice.send("NOTICE bob :psst");
  expect_next(alice, ":alice!alice@127.0.0.1 NOTICE bob :psst");
  bob.expect(":alice!alice@127.0.0.1 NOTICE bob :psst");
  // Without the cap, nothing comes back.
  bob.send("PRIVMSG #e :hi");
  alice.expect(":bob!bob@127.0.0.1 PRIVMSG #e :hi");
  fence(bob);
}

TEST_CASE("ircv3: away-notify tells channel peers that asked; invite-notify tells channel operators") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", "away-notify invite-notify");
  auto [bob, carol] = chatd.users("bob", "carol");
  join_all("#n", {&alice, &bob});
  bob.send("AWAY :lunch");
  expect_next(bob, ":test.chatd 306 bob :You have been marked as being away");
  expect_next(alice, ":bob!bob@127.0.0.1 AWAY :lunch");
  bob.send("AWAY");
  expect_next(alice, ":bob!bob@127.0.0.1 AWAY");

  alice.send("MODE #n +o bob");
  alice.expect(" MODE #n +o bob");
  bob.send("INVITE carol #n");
  bob.expect(" 341 bob carol #n");
  expect_next(alice, ":bob!bob@127.0.0.1 INVITE carol #n");
  expect_next(carol, ":bob!bob@127.0.0.1 INVITE carol #n");
}

TEST_CASE("ircv3: multi-prefix and userhost-in-names in NAMES and WHO") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", "multi-prefix userhost-in-names");
  IrcClient bob = chatd.registered("bob");
  join_channel(alice, "#p");
  join_channel(bob, "#p");
  alice.send("MODE #p +v alice");
  alice.expect(" MODE #p +v alice");
  alice.send("NAMES #p");
  alice.expect_re(
      R"(^:test.chatd 353 alice = #p :(@\+alice!alice@127\.0\.0\.1 bob!bob@127\.0\.0\.1|bob!bob@127\.0\.0\.1 @\+alice!alice@127\.0\.0\.1)$)");
  alice.send("WHO #p");
  alice.expect(":test.chatd 352 alice #p alice 127.0.0.1 test.chatd alice H@+ :0 Test User");
  bob.drain();
  bob.send("NAMES #p");
  bob.expect_re(R"(^:test.chatd 353 bob = #p :(@alice bob|bob @alice)$)");
}

TEST_CASE("ircv3: tags count apart from the 512-byte body; more than 4094 bytes of tags is 417") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", "message-tags");
  IrcClient bob = registered_with_caps(chatd, "bob", "message-tags");
  std::string value(4000, 'v');
  alice.send("@+big=" + value + " PRIVMSG bob :" + std::string(400, 'x'));
  bob.expect(";+big=" + value + " :alice!alice@127.0.0.1 PRIVMSG bob :xxxx");
  alice.send("@+big=" + std::string(4100, 'v') + " PRIVMSG bob :too many tags");
  expect_next(alice, ":test.chatd 417 alice :Input line was too long");
  alice.send("@+a=b PRIVMSG bob :" + std::string(520, 'y'));
  expect_next(alice, ":test.chatd 417 alice :Input line was too long");
  fence(alice);
  bob.expect_silence(200);
}
