// Black-box tests of channel and user modes: the queries (324, 329, 221), changes and their echo,
// every refusal numeric, keys, limits, moderation, bans with wildcard masks, the configured
// defaults, and user modes (+i, 501, 502).
#include <doctest/doctest.h>

#include <ctime>
#include <fstream>
#include <string>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"

namespace {

using namespace chatd::test;
using namespace chatd::test::protocol;

const std::string kAlice = ":alice!alice@127.0.0.1";

}  // namespace

TEST_CASE("modes: query, op changes echoed with the applied modes only, and each refusal") {
  Chatd chatd;
  auto [alice, bob, carol] = chatd.users("alice", "bob", "carol");
  join_all("#m", {&alice, &bob});

  alice.send("MODE #m");
  expect_next(alice, ":test.chatd 324 alice #m +nt");
  alice.expect_re("^:test.chatd 329 alice #m [0-9]+$");

  alice.send("MODE #m +imv-s bob");
  expect_next(alice, kAlice + " MODE #m +imv bob");
  expect_next(bob, kAlice + " MODE #m +imv bob");

  bob.send("MODE #m -m");
  expect_next(bob, ":test.chatd 482 bob #m :You're not channel operator");
  alice.send("MODE #m +x");
  expect_next(alice, ":test.chatd 472 alice x :is unknown mode char to me for #m");
  alice.send("MODE #m +o nobody");
  expect_next(alice, ":test.chatd 401 alice nobody :No such nick/channel");
  alice.send("MODE #m +o carol");
  expect_next(alice, ":test.chatd 441 alice carol #m :They aren't on that channel");
  alice.send("MODE #m +l abc");
  expect_next(alice, ":test.chatd 696 alice #m l abc :Invalid limit");
  alice.send("MODE #m +k");
  expect_next(alice, ":test.chatd 696 alice #m k * :You must specify a parameter");
  alice.send("MODE #nowhere +i");
  expect_next(alice, ":test.chatd 403 alice #nowhere :No such channel");

  // Several parameter modes in one command (MODES=20; 33-mode_limits tests the cap).
  alice.send("MODE #m +bbbbb a b c d e");
  expect_next(alice, kAlice + " MODE #m +bbbbb a!*@* b!*@* c!*@* d!*@* e!*@*");
  alice.send("MODE #m +o bob");
  expect_next(alice, kAlice + " MODE #m +o bob");
  alice.send("NAMES #m");
  alice.expect_re("^:test.chatd 353 alice = #m :(@alice @bob|@bob @alice)$");
  expect_next(alice, ":test.chatd 366 alice #m :End of /NAMES list");
  // Members see the key and limit; outsiders only the letters.
  alice.send("MODE #m +kl sesame 5");
  expect_next(alice, kAlice + " MODE #m +kl sesame 5");
  alice.send("MODE #m");
  expect_next(alice, ":test.chatd 324 alice #m +iklmnt sesame 5");
  alice.expect(" 329 alice #m ");
  carol.send("MODE #m");
  expect_next(carol, ":test.chatd 324 carol #m +iklmnt");
  carol.expect(" 329 carol #m ");
  fence(alice);
  bob.expect(kAlice + " MODE #m +kl sesame 5");
  fence(bob);
}

TEST_CASE("modes: +k refuses a wrong key with 475 and admits the right one; +l refuses with 471") {
  Chatd chatd;
  auto [alice, bob, carol] = chatd.users("alice", "bob", "carol");
  join_channel(alice, "#k");
  alice.send("MODE #k +k sesame");
  expect_next(alice, kAlice + " MODE #k +k sesame");
  bob.send("JOIN #k");
  expect_next(bob, ":test.chatd 475 bob #k :Cannot join channel (+k)");
  bob.send("JOIN #k wrong");
  expect_next(bob, ":test.chatd 475 bob #k :Cannot join channel (+k)");
  bob.send("JOIN #other,#k x,sesame");
  bob.expect(":bob!bob@127.0.0.1 JOIN #other");
  bob.expect(":bob!bob@127.0.0.1 JOIN #k");
  alice.send("MODE #k -k+l x 2");
  alice.expect(kAlice + " MODE #k -k+l * 2");
  carol.send("JOIN #k");
  expect_next(carol, ":test.chatd 471 carol #k :Cannot join channel (+l)");
  alice.send("MODE #k -l");
  alice.expect(kAlice + " MODE #k -l");
  join_channel(carol, "#k");
}

TEST_CASE("modes: +m moderated: 404 unless voiced or op; +n keeps outsiders out") {
  Chatd chatd;
  auto [alice, bob, carol] = chatd.users("alice", "bob", "carol");
  join_all("#mod", {&alice, &bob});
  alice.send("MODE #mod +m");
  expect_next(alice, kAlice + " MODE #mod +m");
  bob.expect(" MODE #mod +m");
  bob.send("PRIVMSG #mod :hello");
  expect_next(bob, ":test.chatd 404 bob #mod :Cannot send to channel");
  carol.send("PRIVMSG #mod :from outside");
  expect_next(carol, ":test.chatd 404 carol #mod :Cannot send to channel");
  alice.send("PRIVMSG #mod :ops speak");
  expect_next(bob, kAlice + " PRIVMSG #mod :ops speak");
  alice.send("MODE #mod +v bob");
  bob.expect(kAlice + " MODE #mod +v bob");
  bob.send("PRIVMSG #mod :voiced now");
  alice.expect(":bob!bob@127.0.0.1 PRIVMSG #mod :voiced now");
  fence(bob);
}

TEST_CASE("modes: bans with wildcard masks: 367/368 list, 474 on join, 404 for banned members, voice passes") {
  Chatd chatd;
  auto [alice, bob, carol] = chatd.users("alice", "bob", "carol");
  join_channel(alice, "#b");
  join_channel(bob, "#b");
  alice.send("MODE #b +b *!*@127.*");
  alice.expect(kAlice + " MODE #b +b *!*@127.*");
  alice.send("MODE #b +b car*");
  alice.expect(kAlice + " MODE #b +b car*!*@*");
  alice.send("MODE #b b");
  alice.expect_re(R"(^:test.chatd 367 alice #b \*!\*@127\.\* alice [0-9]+$)");
  alice.expect_re(R"(^:test.chatd 367 alice #b car\*!\*@\* alice [0-9]+$)");
  expect_next(alice, ":test.chatd 368 alice #b :End of channel ban list");
  carol.send("JOIN #b");
  expect_next(carol, ":test.chatd 474 carol #b :Cannot join channel (+b)");
  bob.drain();
  bob.send("PRIVMSG #b :am I banned");
  expect_next(bob, ":test.chatd 404 bob #b :Cannot send to channel");
  alice.send("MODE #b +v bob");
  bob.expect(" MODE #b +v bob");
  bob.send("PRIVMSG #b :voice beats the ban");
  alice.expect(":bob!bob@127.0.0.1 PRIVMSG #b :voice beats the ban");
  alice.send("MODE #b -bb *!*@127.* CAR*!*@*");
  expect_next(alice, kAlice + " MODE #b -bb *!*@127.* car*!*@*");
  join_channel(carol, "#b");
}

TEST_CASE("modes: the ban list is capped at MAXLIST with 478") {
  Chatd chatd;
  IrcClient alice = chatd.registered("alice");
  join_channel(alice, "#full");
  for (int i = 0; i < 100; i += 4) {
    std::string n = std::to_string(i);
    alice.send("MODE #full +bbbb a" + n + " b" + n + " c" + n + " d" + n);
  }
  alice.send("MODE #full +b onemore");
  alice.expect(":test.chatd 478 alice #full onemore!*@* :Channel list is full");
}

TEST_CASE("modes: default_channel_modes applies to new channels; user modes i, w and o") {
  Chatd chatd({.server = "default_channel_modes = \"+ms\"\n"});
  IrcClient alice = chatd.registered("alice");
  join_channel(alice, "#d");
  alice.send("MODE #d");
  expect_next(alice, ":test.chatd 324 alice #d +ms");
  alice.drain();
  alice.send("MODE alice +iwo");
  expect_next(alice, ":alice MODE alice :+iw");
  alice.send("MODE alice");
  expect_next(alice, ":test.chatd 221 alice +iw");
  alice.send("MODE alice -w+x");
  expect_next(alice, ":test.chatd 501 alice :Unknown MODE flag");
  expect_next(alice, ":alice MODE alice :-w");
  alice.send("MODE bob +i");
  expect_next(alice, ":test.chatd 401 alice bob :No such nick/channel");
}

TEST_CASE("modes: default_channel_modes is validated") {
  auto result = run_chatd({"--check-config", "--config", "/nonexistent"});
  CHECK(result.status == 1);
  TempDir dir;
  const std::string path = dir.path() + "/bad.toml";
  std::ofstream(path) << ChatdConfig{.server = "default_channel_modes = \"+nk\"\n"}.text(free_port());
  result = run_chatd({"--check-config", "--config", path});
  CHECK(result.status == 1);
  CHECK(contains(result.output, "server.default_channel_modes"));
}

TEST_CASE("modes: MODE on a channel: 324 +nt and 329, an empty ban list, 403 and 482") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  const auto before = std::time(nullptr);
  join_channel(alice, "#lab");

  alice.send("MODE #lab");
  expect_next(alice, ":test.chatd 324 alice #lab +nt");
  auto created = expect_recent_time(next_line(alice), R"(:test\.chatd 329 alice #lab (\d+))", before);

  // Non-members may look too (clients ask on join), under any spelling.
  bob.send("MODE #LAB");
  expect_next(bob, ":test.chatd 324 bob #lab +nt");
  CHECK(next_line(bob) == ":test.chatd 329 bob #lab " + std::to_string(created));

  alice.send("MODE #lab b");
  expect_next(alice, ":test.chatd 368 alice #lab :End of channel ban list");
  bob.send("MODE #lab +b");
  expect_next(bob, ":test.chatd 368 bob #lab :End of channel ban list");

  alice.send("MODE #nowhere");
  expect_next(alice, ":test.chatd 403 alice #nowhere :No such channel");
  alice.send("MODE #nowhere b");
  expect_next(alice, ":test.chatd 403 alice #nowhere :No such channel");

  // Changing modes needs ops.
  bob.send("MODE #lab -t");
  expect_next(bob, ":test.chatd 482 bob #lab :You're not channel operator");
  join_channel(bob, "#lab");
  bob.send("MODE #lab -t");
  expect_next(bob, ":test.chatd 482 bob #lab :You're not channel operator");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #lab");
  expect_quiet({&alice, &bob});
}

TEST_CASE("modes: user MODE: 221 query, +i and -i, 502 for another nick, 501 for unknown flags") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");

  alice.send("MODE alice");
  expect_next(alice, ":test.chatd 221 alice +");
  alice.send("MODE alice +i");
  expect_next(alice, ":alice MODE alice :+i");
  alice.send("MODE ALICE");
  expect_next(alice, ":test.chatd 221 alice +i");
  // Setting what is already set changes nothing and says nothing.
  alice.send("MODE alice +i");
  expect_quiet(alice);

  alice.send("MODE bob");
  expect_next(alice, ":test.chatd 502 alice :Cant change mode for other users");
  alice.send("MODE bob +i");
  expect_next(alice, ":test.chatd 502 alice :Cant change mode for other users");
  alice.send("MODE nobody");
  expect_next(alice, ":test.chatd 401 alice nobody :No such nick/channel");

  alice.send("MODE alice +z");
  expect_next(alice, ":test.chatd 501 alice :Unknown MODE flag");
  // Known flags in the same string still apply.
  alice.send("MODE alice -zi");
  expect_next(alice, ":test.chatd 501 alice :Unknown MODE flag");
  expect_next(alice, ":alice MODE alice :-i");
  alice.send("MODE alice");
  expect_next(alice, ":test.chatd 221 alice +");

  alice.send("MODE");
  expect_next(alice, ":test.chatd 461 alice MODE :Not enough parameters");
  expect_quiet({&alice, &bob});
}
