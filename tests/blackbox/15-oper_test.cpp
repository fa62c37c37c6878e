// Black-box tests of server operators (OPER against a hash made by `chatd --hash-password`,
// KILL, WALLOPS, chanop powers everywhere) and of channels declared in the config.
#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <string>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"
#include "support/wait.hpp"

namespace {

using namespace chatd::test;
using namespace chatd::test::protocol;

// A yescrypt hash of "hunter2", made by the binary under test so the test checks both ends.
std::string hash_of_hunter2() {
  // run_chatd gives the child no stdin, so pipe the password in through the shell.
  auto shell = std::string("printf 'hunter2\\n' | ") + chatd::test::chatd_binary() + " --hash-password";
  std::string out;
  if (FILE* pipe = popen(shell.c_str(), "r")) {
    char buf[256];
    while (fgets(buf, sizeof buf, pipe)) out += buf;
    CHECK(pclose(pipe) == 0);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string oper_config(const std::string& hash) {
  return "[[operator]]\nname = \"root\"\npassword_hash = \"" + hash + "\"\n";
}

}  // namespace

TEST_CASE("oper: --hash-password prints a yescrypt hash; OPER 491, 464, then 381 and +o") {
  std::string hash = hash_of_hunter2();
  REQUIRE(hash.rfind("$y$", 0) == 0);
  Chatd chatd({.extra = oper_config(hash)});
  IrcClient alice = chatd.registered("alice");
  alice.send("OPER nobody hunter2");
  expect_next(alice, ":test.chatd 491 alice :No O-lines for your host");
  alice.send("OPER root wrong");
  expect_next(alice, ":test.chatd 464 alice :Password incorrect");
  alice.send("OPER root hunter2");
  expect_next(alice, ":test.chatd 381 alice :You are now an IRC operator");
  expect_next(alice, ":alice MODE alice :+o");
  alice.send("MODE alice");
  expect_next(alice, ":test.chatd 221 alice +o");
}

TEST_CASE("oper: KILL, WALLOPS, and opers act as channel operators anywhere") {
  Chatd chatd({.extra = oper_config(hash_of_hunter2())});
  auto [root, bob, carol, dave] = chatd.users("root", "bob", "carol", "dave");

  bob.send("KILL carol :nope");
  expect_next(bob, ":test.chatd 481 bob :Permission Denied- You're not an IRC operator");
  bob.send("WALLOPS :hi");
  expect_next(bob, ":test.chatd 481 bob :Permission Denied- You're not an IRC operator");

  root.send("OPER root hunter2");
  root.expect(":root MODE root :+o");
  dave.send("MODE dave +w");
  dave.expect(":dave MODE dave :+w");
  root.send("WALLOPS :maintenance at noon");
  expect_next(root, ":root!root@127.0.0.1 WALLOPS :maintenance at noon");
  expect_next(dave, ":root!root@127.0.0.1 WALLOPS :maintenance at noon");
  bob.expect_silence(200);

  // Chanop powers in a channel root is not even on.
  join_all("#c", {&bob, &carol});
  root.send("MODE #c +m");
  expect_next(bob, ":root!root@127.0.0.1 MODE #c +m");
  root.send("KICK #c bob :oper says");
  carol.expect(":root!root@127.0.0.1 KICK #c bob :oper says");

  root.send("KILL nobody :x");
  expect_next(root, ":test.chatd 401 root nobody :No such nick/channel");
  root.send("KILL carol :spamming");
  auto lines = carol.read_until_closed();
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.back() == "ERROR :Closing link: carol[127.0.0.1] (Killed (root (spamming)))");
}

TEST_CASE("oper: peers of a killed user see QUIT with the kill reason") {
  Chatd chatd({.extra = oper_config(hash_of_hunter2())});
  auto [root, bob, carol] = chatd.users("root", "bob", "carol");
  join_all("#p", {&bob, &carol});
  root.send("OPER root hunter2");
  root.expect(" 381 ");
  root.send("KILL carol :flood");
  expect_next(bob, ":carol!carol@127.0.0.1 QUIT :Killed (root (flood))");
}

TEST_CASE("oper: declared channels exist while empty, keep topic and modes, survive a restart and appear on reload") {
  const std::string declared =
      "[[channel]]\nname = \"#lab\"\ntopic = \"Network programming lab\"\nmodes = \"+nt\"\n\n"
      "[[channel]]\nname = \"#vault\"\nmodes = \"+s\"\nkey = \"secret\"\n";
  for (int run = 0; run < 2; ++run) {
    Chatd chatd({.extra = declared});
    IrcClient alice = chatd.registered("alice");
    alice.send("LIST");
    alice.expect(":test.chatd 322 alice #lab 0 :Network programming lab");
    alice.expect(" 323 ");
    CHECK(alice.skipped().size() == 0);  // #vault is secret
    join_channel(alice, "#lab");
    alice.send("PART #lab");
    alice.expect(" PART #lab");
    alice.send("MODE #lab");
    expect_next(alice, ":test.chatd 324 alice #lab +nt");
    alice.drain();
    alice.send("JOIN #vault");
    expect_next(alice, ":test.chatd 475 alice #vault :Cannot join channel (+k)");
    alice.send("JOIN #vault secret");
    expect_next(alice, ":alice!alice@127.0.0.1 JOIN #vault");

    if (run == 1) {
      chatd.write_config({.extra = declared + "\n[[channel]]\nname = \"#new\"\ntopic = \"Fresh\"\n"});
      chatd.process.send_signal(SIGHUP);
      const auto listed = [&] {
        alice.send("LIST #new");
        alice.expect(" 323 ");
        return any_contains(alice.skipped(), ":test.chatd 322 alice #new 0 :Fresh");
      };
      CHECK(wait_until(listed, 2500, 50));
    }
  }
}
