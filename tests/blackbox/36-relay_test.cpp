// Black-box tests of what chatd relays (issue 13): STATUSMSG (@#chan to operators, +#chan to
// voiced members and operators), CTCP as plain PRIVMSG/NOTICE, UTF8ONLY, and away-notify's
// AWAY right after an away user's JOIN.
#include <doctest/doctest.h>

#include <string>

#include "support/irc_client.hpp"
#include "support/protocol.hpp"

namespace {

using chatd::test::IrcClient;
using namespace chatd::test::protocol;

}  // namespace

TEST_CASE("relay: STATUSMSG: @#chan reaches operators only, +#chan voiced members and operators") {
  Chatd chatd;
  IrcClient op = chatd.connect();
  CHECK(announces(op.register_as("op"), "STATUSMSG=@+"));
  IrcClient voiced = chatd.registered("voiced");
  IrcClient plain = chatd.registered("plain");
  join_channel(op, "#s");
  join_channel(voiced, "#s");
  join_channel(plain, "#s");
  op.send("MODE #s +v voiced");
  plain.expect(" MODE #s +v voiced");
  voiced.expect(" MODE #s +v voiced");
  op.drain();

  plain.send("PRIVMSG @#s :for the ops");
  expect_next(op, ":plain!plain@127.0.0.1 PRIVMSG @#s :for the ops");
  plain.send("NOTICE +#S :for voice and up");
  expect_next(voiced, ":plain!plain@127.0.0.1 NOTICE +#s :for voice and up");
  expect_next(op, ":plain!plain@127.0.0.1 NOTICE +#s :for voice and up");
  expect_quiet(voiced);  // the @#s message never reached the voiced member
  expect_quiet(plain);   // nor the sender, who has no echo-message

  // With echo-message, the sender sees its own; the same checks as #s apply (+n, bans).
  IrcClient echo = registered_with_caps(chatd, "echo", "echo-message");
  echo.send("PRIVMSG @#s :from outside");
  expect_next(echo, ":test.chatd 404 echo #s :Cannot send to channel");
  join_channel(echo, "#s");
  echo.send("PRIVMSG +#s :echoed");
  expect_next(echo, ":echo!echo@127.0.0.1 PRIVMSG +#s :echoed");
  op.expect(":echo!echo@127.0.0.1 PRIVMSG +#s :echoed");
  plain.drain();
  plain.send("PRIVMSG @#nowhere :lost");
  expect_next(plain, ":test.chatd 401 plain @#nowhere :No such nick/channel");
}

TEST_CASE("relay: CTCP is a plain PRIVMSG or NOTICE, relayed byte for byte") {
  Chatd chatd;
  IrcClient alice = chatd.registered("alice");
  IrcClient bob = chatd.registered("bob");
  join_channel(alice, "#c");
  join_channel(bob, "#c");
  alice.drain();
  alice.send("PRIVMSG bob :\x01VERSION\x01");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :\x01VERSION\x01");
  bob.send("NOTICE alice :\x01VERSION irssi 1.4\x01");
  expect_next(alice, ":bob!bob@127.0.0.1 NOTICE alice :\x01VERSION irssi 1.4\x01");
  alice.send(
      "PRIVMSG #c :\x01"
      "ACTION waves\x01");
  expect_next(bob,
              ":alice!alice@127.0.0.1 PRIVMSG #c :\x01"
              "ACTION waves\x01");
  alice.send("PRIVMSG bob :\x01PING 1234 5678\x01");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :\x01PING 1234 5678\x01");
  expect_quiet(alice);  // chatd answers no CTCP itself
}

TEST_CASE("relay: UTF8ONLY is announced; invalid UTF-8 is relayed as U+FFFD, never as is") {
  Chatd chatd;
  IrcClient alice = chatd.connect();
  CHECK(announces(alice.register_as("alice"), "UTF8ONLY"));
  IrcClient bob = chatd.registered("bob");
  alice.send("PRIVMSG bob :caf\xe9 cr\xc3\xa8me");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :caf\xef\xbf\xbd cr\xc3\xa8me");
}

TEST_CASE("relay: away-notify: an away user's JOIN is followed by its AWAY for members who asked") {
  Chatd chatd;
  IrcClient watcher = registered_with_caps(chatd, "watcher", "away-notify");
  IrcClient plain = chatd.registered("plain");
  IrcClient away = chatd.registered("away");
  join_channel(watcher, "#a");
  join_channel(plain, "#a");
  watcher.drain();
  away.send("AWAY :gone fishing");
  away.expect(" 306 ");
  join_channel(away, "#a");
  expect_next(watcher, ":away!away@127.0.0.1 JOIN #a");
  expect_next(watcher, ":away!away@127.0.0.1 AWAY :gone fishing");
  expect_next(plain, ":away!away@127.0.0.1 JOIN #a");
  expect_quiet(plain);
  expect_quiet(away);  // the joiner is not told about itself
  // Back from away: a JOIN alone.
  away.send("AWAY");
  away.expect(" 305 ");
  watcher.expect(":away!away@127.0.0.1 AWAY");
  away.send("PART #a");
  watcher.expect(" PART #a");
  away.send("JOIN #a");
  expect_next(watcher, ":away!away@127.0.0.1 JOIN #a");
  expect_quiet(watcher);
}
