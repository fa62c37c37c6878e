// Black-box tests of target lists (issue 13): NAMES and KICK with several targets, and the
// TARGMAX limits that ISUPPORT states, each refused with 407 past its limit, never silently.
#include <doctest/doctest.h>

#include <string>

#include "support/irc_client.hpp"
#include "support/protocol.hpp"

namespace {

using chatd::test::IrcClient;
using namespace chatd::test::protocol;

// "<prefix>0,<prefix>1,...,<prefix>(n-1)"
std::string numbered(const std::string& prefix, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? "," : "") + prefix + std::to_string(i);
  return out;
}

}  // namespace

TEST_CASE("targets: NAMES #a,#b answers each channel, and 366 alone for one that is not there") {
  Chatd chatd;
  IrcClient alice = chatd.registered("alice");
  IrcClient bob = chatd.registered("bob");
  join_channel(alice, "#a");
  join_channel(bob, "#b");
  alice.send("NAMES #a,#nowhere,#b");
  expect_next(alice, ":test.chatd 353 alice = #a :@alice");
  expect_next(alice, ":test.chatd 366 alice #a :End of /NAMES list");
  expect_next(alice, ":test.chatd 366 alice #nowhere :End of /NAMES list");
  expect_next(alice, ":test.chatd 353 alice = #b :@bob");
  expect_next(alice, ":test.chatd 366 alice #b :End of /NAMES list");
  expect_quiet(alice);
}

TEST_CASE("targets: KICK #c a,b,c kicks each, with the reason; unknown nicks get 441") {
  Chatd chatd;
  IrcClient op = chatd.registered("op");
  join_channel(op, "#c");
  IrcClient a = chatd.registered("a");
  IrcClient b = chatd.registered("b");
  IrcClient c = chatd.registered("c");
  for (IrcClient* member : {&a, &b, &c}) join_channel(*member, "#c");
  op.drain();
  op.send("KICK #c a,ghost,b,c :out you go");
  expect_next(op, ":op!op@127.0.0.1 KICK #c a :out you go");
  expect_next(op, ":test.chatd 441 op ghost #c :They aren't on that channel");
  expect_next(op, ":op!op@127.0.0.1 KICK #c b :out you go");
  expect_next(op, ":op!op@127.0.0.1 KICK #c c :out you go");
  c.expect(":op!op@127.0.0.1 KICK #c c :out you go");
  op.send("NAMES #c");
  expect_next(op, ":test.chatd 353 op = #c :@op");
  expect_next(op, ":test.chatd 366 op #c :End of /NAMES list");
}

TEST_CASE("targets: past TARGMAX, JOIN PART NAMES KICK WHOIS and USERHOST get 407 and do nothing") {
  Chatd chatd;
  IrcClient alice = chatd.connect();
  CHECK(
      announces(alice.register_as("alice"),
                "TARGMAX=JOIN:50,KICK:20,LIST:50,NAMES:50,NOTICE:20,PART:50,PRIVMSG:20,TAGMSG:20,USERHOST:5,WHOIS:20"));
  IrcClient bob = chatd.registered("bob");

  alice.send("JOIN " + numbered("#j", 51));
  expect_next(alice, ":test.chatd 407 alice #j50 :Too many targets");
  alice.send("NAMES #j0");  // nothing was joined: the channel does not exist
  expect_next(alice, ":test.chatd 366 alice #j0 :End of /NAMES list");
  alice.send("JOIN " + numbered("#j", 3));
  alice.expect(" 366 alice #j2 ");
  alice.send("PART " + numbered("#j", 51));
  expect_next(alice, ":test.chatd 407 alice #j50 :Too many targets");
  alice.send("NAMES " + numbered("#j", 51));
  expect_next(alice, ":test.chatd 407 alice #j50 :Too many targets");
  alice.send("LIST " + numbered("#j", 51));
  expect_next(alice, ":test.chatd 407 alice #j50 :Too many targets");

  join_channel(bob, "#j0");
  alice.drain();
  alice.send("KICK #j0 " + numbered("n", 20) + ",bob");
  expect_next(alice, ":test.chatd 407 alice bob :Too many targets");
  alice.send("KICK " + numbered("#j", 21) + " bob");
  expect_next(alice, ":test.chatd 407 alice #j20 :Too many targets");
  alice.send("NAMES #j0");  // bob is still there
  alice.expect_re("^:test.chatd 353 alice = #j0 :(@alice bob|bob @alice)$");
  expect_next(alice, ":test.chatd 366 alice #j0 :End of /NAMES list");

  alice.send("WHOIS " + numbered("n", 20) + ",bob");
  expect_next(alice, ":test.chatd 407 alice bob :Too many targets");
  alice.send("USERHOST n1 n2 n3 n4 n5 bob");
  expect_next(alice, ":test.chatd 407 alice bob :Too many targets");
  alice.send("USERHOST n1 n2 n3 n4 bob");
  expect_next(alice, ":test.chatd 302 alice :bob=+bob@127.0.0.1");
  expect_quiet(alice);
}
