// Black-box tests of MODE as issue 13 left it: at most MODES changes per command, an echo
// split into complete lines, a refused key kept secret, and the +e / +I lists.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/irc_client.hpp"
#include "support/protocol.hpp"

namespace {

using chatd::test::IrcClient;
using namespace chatd::test::protocol;

const std::string kAlice = ":alice!alice@127.0.0.1";

// The words of a line.
std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

// Reads MODE lines from `client` until they carry `params` parameters in all; checks that
// each is complete: within 512 bytes with CR LF, at most 15 parameters, one parameter per
// letter that takes one (here: every letter but i). Returns the parameters in order.
std::vector<std::string> read_mode_echo(IrcClient& client, std::size_t params, Where where = Where::current()) {
  std::vector<std::string> got;
  while (got.size() < params) {
    std::string line = client.expect(" MODE #m ", 5000, where);
    if (line.empty()) break;
    CHECK(line.size() + 2 <= 512);
    auto w = words(line);
    REQUIRE(w.size() >= 4);
    CHECK(w.size() - 2 <= 15);
    std::size_t letters = 0;
    for (char c : w[3]) letters += c != '+' && c != '-' && c != 'i';
    CHECK(letters == w.size() - 4);
    got.insert(got.end(), w.begin() + 4, w.end());
  }
  return got;
}

}  // namespace

TEST_CASE("mode-changes: the probe's +i-i... then +ok: MODES=20 changes apply, the rest is refused with 400") {
  Chatd chatd;
  IrcClient alice = chatd.connect();
  CHECK(announces(alice.register_as("alice"), "MODES=20"));
  IrcClient mallory = chatd.registered("mallory");
  join_channel(alice, "#m");
  join_channel(mallory, "#m");
  alice.drain();

  std::string modes;
  for (int i = 0; i < 60; ++i) modes += "+i-i";
  alice.send("MODE #m " + modes + "+ok mallory sekrit");
  std::string applied;
  for (int i = 0; i < 10; ++i) applied += "+i-i";
  expect_next(alice, ":test.chatd 400 alice MODE :Too many changes in one command (MODES=20); the rest were ignored");
  expect_next(alice, kAlice + " MODE #m " + applied);
  expect_next(mallory, kAlice + " MODE #m " + applied);
  // Nothing past the cap took effect: no key, mallory is no operator.
  alice.send("MODE #m");
  expect_next(alice, ":test.chatd 324 alice #m +nt");
  alice.expect(" 329 ");
  mallory.send("MODE #m +m");
  expect_next(mallory, ":test.chatd 482 mallory #m :You're not channel operator");

  // Exactly 20 changes are fine, parameters and all.
  std::string twenty;
  for (int i = 0; i < 9; ++i) twenty += "+i-i";
  alice.send("MODE #m " + twenty + "+ok mallory sekrit");
  expect_next(alice, kAlice + " MODE #m " + twenty + "+ok mallory sekrit");
  expect_next(mallory, kAlice + " MODE #m " + twenty + "+ok mallory sekrit");
  expect_quiet(alice);
}

TEST_CASE("mode-changes: an echo too long for one line goes out as several complete MODE lines") {
  Chatd chatd;
  IrcClient alice = chatd.registered("alice");
  IrcClient bob = chatd.registered("bob");
  join_channel(alice, "#m");
  join_channel(bob, "#m");
  alice.drain();

  // 13 bans (a line holds 15 parameters) of 36-byte masks fit in one 510-byte command; their
  // echo does not: each mask gains "!*@*" and the echo the sender's prefix.
  std::vector<std::string> masks;
  std::string letters = "+";
  std::string params;
  for (int i = 0; i < 13; ++i) {
    std::string mask = "n" + std::to_string(10 + i) + std::string(33, 'x');
    masks.push_back(mask + "!*@*");
    letters += 'b';
    params += " " + mask;
  }
  const std::string command = "MODE #m " + letters + params;
  REQUIRE(command.size() <= 510);
  alice.send(command);
  CHECK(read_mode_echo(bob, 13) == masks);
  CHECK(read_mode_echo(alice, 13) == masks);
  expect_quiet(alice);
  expect_quiet(bob);
}

TEST_CASE("mode-changes: a refused key gets exactly one 696 whose parameter is *, never the key") {
  Chatd chatd;
  IrcClient alice = chatd.registered("alice");
  join_channel(alice, "#m");
  const std::string kText = ":Invalid key: 1 to 23 bytes, no spaces, commas or control characters";

  alice.send("MODE #m +k :has a space");
  expect_next(alice, ":test.chatd 696 alice #m k * " + kText);
  alice.send("MODE #m +k " + std::string(24, 's'));  // KEYLEN=23
  expect_next(alice, ":test.chatd 696 alice #m k * " + kText);
  alice.send("MODE #m +kkk " + std::string(30, 'a') + " b,c " + std::string(40, 'd'));
  expect_next(alice, ":test.chatd 696 alice #m k * " + kText);
  expect_quiet(alice);
  alice.send("MODE #m");
  expect_next(alice, ":test.chatd 324 alice #m +nt");
  alice.expect(" 329 ");
  // A good key after a refused one in the same command still applies.
  alice.send("MODE #m +kk " + std::string(24, 'x') + " " + std::string(23, 'k'));
  expect_next(alice, ":test.chatd 696 alice #m k * " + kText);
  expect_next(alice, kAlice + " MODE #m +k " + std::string(23, 'k'));
}

TEST_CASE("mode-changes: +e ban exceptions and +I invite exceptions, listed to operators, capped like +b") {
  Chatd chatd;
  IrcClient alice = chatd.connect();
  auto welcome = alice.register_as("alice");
  CHECK(announces(welcome, "CHANMODES=beI,k,l,imnst"));
  CHECK(announces(welcome, "EXCEPTS=e"));
  CHECK(announces(welcome, "INVEX=I"));
  CHECK(announces(welcome, "MAXLIST=b:100,e:100,I:100"));
  IrcClient bob = chatd.registered("bob");
  IrcClient carol = chatd.registered("carol");
  IrcClient dave = chatd.registered("dave");
  join_channel(alice, "#m");

  // Everyone from 127.* is banned, but bob is excepted.
  alice.send("MODE #m +be *!*@127.* bob");
  expect_next(alice, kAlice + " MODE #m +be *!*@127.* bob!*@*");
  join_channel(bob, "#m");
  carol.send("JOIN #m");
  expect_next(carol, ":test.chatd 474 carol #m :Cannot join channel (+b)");
  alice.send("MODE #m +e carol");
  alice.expect(kAlice + " MODE #m +e carol!*@*");
  join_channel(carol, "#m");
  alice.drain();
  bob.drain();
  carol.drain();
  bob.send("PRIVMSG #m :the exception lets me speak");
  expect_next(carol, ":bob!bob@127.0.0.1 PRIVMSG #m :the exception lets me speak");

  // +i, but dave is invite-excepted (and ban-excepted): he joins without an INVITE.
  alice.send("MODE #m +ieI dave dave");
  alice.expect(kAlice + " MODE #m +ieI dave!*@* dave!*@*");
  join_channel(dave, "#m");
  alice.send("MODE #m -e dave");
  alice.expect(" MODE #m -e dave!*@*");
  dave.send("PART #m");
  dave.expect(" PART #m");
  dave.send("JOIN #m");  // +I passed +i; the ban, without its exception, still holds
  expect_next(dave, ":test.chatd 474 dave #m :Cannot join channel (+b)");

  // Lists: e and I for operators only, b for anyone.
  alice.drain();
  alice.send("MODE #m eI");
  alice.expect_re(R"(^:test.chatd 348 alice #m bob!\*@\* alice [0-9]+$)");
  alice.expect_re(R"(^:test.chatd 348 alice #m carol!\*@\* alice [0-9]+$)");
  expect_next(alice, ":test.chatd 349 alice #m :End of channel exception list");
  alice.expect_re(R"(^:test.chatd 346 alice #m dave!\*@\* alice [0-9]+$)");
  expect_next(alice, ":test.chatd 347 alice #m :End of channel invite list");
  bob.drain();
  bob.send("MODE #m e");
  expect_next(bob, ":test.chatd 482 bob #m :You're not channel operator");
  bob.send("MODE #m I");
  expect_next(bob, ":test.chatd 482 bob #m :You're not channel operator");
  bob.send("MODE #m b");
  bob.expect(" 367 bob #m *!*@127.* alice ");
  expect_next(bob, ":test.chatd 368 bob #m :End of channel ban list");

  // Without her exception, carol is banned again: she may not speak.
  alice.send("MODE #m -e carol");
  expect_next(alice, kAlice + " MODE #m -e carol!*@*");
  carol.drain();
  carol.send("PRIVMSG #m :still here?");
  expect_next(carol, ":test.chatd 404 carol #m :Cannot send to channel");

  // Each list holds 100; the 101st gets 478. Bad masks get 696.
  for (int i = 1; i < 100; i += 11) {
    std::string letters = "+";
    std::string params;
    for (int j = i; j < i + 11; ++j) {
      letters += 'I';
      params += " x" + std::to_string(j);
    }
    alice.send("MODE #m " + letters + params);
  }
  alice.send("MODE #m +I onemore");
  alice.expect(":test.chatd 478 alice #m onemore!*@* :Channel list is full");
  alice.send("MODE #m +e " + std::string(300, 'a'));
  alice.expect(":test.chatd 696 alice #m e * :Mask too long (at most 255 bytes and 32 wildcards)");
  alice.send("MODE #m +b " + std::string(40, '?'));
  alice.expect(":test.chatd 696 alice #m b * :Mask too long (at most 255 bytes and 32 wildcards)");
  // The 15th parameter is the rest of the line: never taken as a mask with spaces in it.
  alice.send("MODE #m +bbbbbbbbbbbbbb a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12 a13 and the rest");
  alice.expect(":test.chatd 696 alice #m b * :Invalid mask: no spaces or control characters");
}
