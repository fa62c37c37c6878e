// Black-box tests of WHOWAS (issue 13): the history of nicks left by QUIT and NICK, newest
// first, the count semantics of modern.ircdocs.horse, 406 and 369, and the per-nick cap.
#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "support/irc_client.hpp"
#include "support/protocol.hpp"

namespace {

using chatd::test::IrcClient;
using namespace chatd::test::protocol;

// 314 and its 312 (with the time the nick was left) for one entry.
void expect_entry(IrcClient& client, const std::string& asker, const std::string& nick, const std::string& user,
                  const std::string& realname, Where where = Where::current()) {
  expect_next(client, ":test.chatd 314 " + asker + " " + nick + " " + user + " 127.0.0.1 * :" + realname, 5000, where);
  expect_next_re(client,
                 "^:test\\.chatd 312 " + asker + " " + nick +
                     " test\\.chatd :\\w{3} \\w{3} \\d{2} \\d{4} \\d{2}:\\d{2}:\\d{2} UTC$",
                 where);
}

}  // namespace

TEST_CASE("whowas: QUIT and NICK leave entries, newest first; the count limits them; 406 and 369") {
  Chatd chatd;
  IrcClient alice = chatd.registered("alice");
  {
    IrcClient bob = chatd.connect();
    bob.register_with_realname("bob", "First Bob");
    bob.send("QUIT :bye");
    bob.read_until_closed();
  }
  {
    IrcClient bob = chatd.connect();
    bob.register_with_realname("bob", "Second Bob");
    bob.send("NICK robert");  // leaves "bob" by NICK
    bob.expect(" NICK :robert");
  }
  // The second QUIT is robert's; bob's two entries stay.
  alice.send("WHOWAS bob");
  expect_entry(alice, "alice", "bob", "bob", "Second Bob");
  expect_entry(alice, "alice", "bob", "bob", "First Bob");
  expect_next(alice, ":test.chatd 369 alice bob :End of WHOWAS");

  alice.send("WHOWAS BOB 1");  // nicks compare without case; 1 is the newest only
  expect_entry(alice, "alice", "bob", "bob", "Second Bob");
  expect_next(alice, ":test.chatd 369 alice BOB :End of WHOWAS");
  // Zero, negative or not a number: a full search.
  for (const char* count : {"0", "-3", "many"}) {
    alice.send(std::string("WHOWAS bob ") + count);
    expect_entry(alice, "alice", "bob", "bob", "Second Bob");
    expect_entry(alice, "alice", "bob", "bob", "First Bob");
    expect_next(alice, ":test.chatd 369 alice bob :End of WHOWAS");
  }
  alice.send("WHOWAS robert");
  expect_entry(alice, "alice", "robert", "bob", "Second Bob");
  expect_next(alice, ":test.chatd 369 alice robert :End of WHOWAS");

  alice.send("WHOWAS nobody");
  expect_next(alice, ":test.chatd 406 alice nobody :There was no such nickname");
  expect_next(alice, ":test.chatd 369 alice nobody :End of WHOWAS");
  alice.send("WHOWAS b*");  // no wildcards in WHOWAS
  expect_next(alice, ":test.chatd 406 alice b* :There was no such nickname");
  expect_next(alice, ":test.chatd 369 alice b* :End of WHOWAS");
  alice.send("WHOWAS");
  expect_next(alice, ":test.chatd 431 alice :No nickname given");
  expect_quiet(alice);
}

TEST_CASE("whowas: a nick keeps its 8 newest entries (the history is bounded)") {
  Chatd chatd("", "[limits]\nnick_changes_per_10s = 100\n");
  IrcClient alice = chatd.registered("alice");
  IrcClient bob = chatd.registered("bob");
  // Ten times away from "ghost" and back: "ghost" is left ten times.
  bob.send("NICK ghost");
  bob.expect(" NICK :ghost");
  for (int i = 0; i < 10; ++i) {
    bob.send("NICK g" + std::to_string(i));
    bob.expect(" NICK :g" + std::to_string(i));
    if (i < 9) {
      bob.send("NICK ghost");
      bob.expect(" NICK :ghost");
    }
  }
  alice.send("WHOWAS ghost");
  auto lines = lines_through(alice, " 369 alice ghost ");
  CHECK(with_code(lines, "314").size() == 8);
  CHECK(with_code(lines, "312").size() == 8);
}
