// Black-box tests of LIST with ELIST=CMNTU filters (issue 13): masks and !masks, user counts,
// creation and topic times; bad filters get 400, too many items 407.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "support/irc_client.hpp"
#include "support/protocol.hpp"

namespace {

using chatd::test::IrcClient;
using namespace chatd::test::protocol;

// The channel names of a LIST reply, up to its 323.
std::set<std::string> listed(IrcClient& client, Where where = Where::current()) {
  std::set<std::string> names;
  for (const auto& line : lines_through(client, " 323 ", where)) {
    auto code = numeric_code(line);
    if (code != "322") continue;
    auto start = line.find(" 322 ") + 5;
    start = line.find(' ', start) + 1;  // after the nick
    names.insert(line.substr(start, line.find(' ', start) - start));
  }
  return names;
}

}  // namespace

TEST_CASE("list: ELIST=CMNTU: masks, !masks, user counts, creation and topic times") {
  Chatd chatd;
  IrcClient alice = chatd.connect();
  CHECK(announces(alice.register_as("alice"), "ELIST=CMNTU"));
  IrcClient bob = chatd.registered("bob");
  IrcClient carol = chatd.registered("carol");
  for (const char* name : {"#lab", "#lab2", "#pub"}) join_channel(alice, name);
  join_channel(bob, "#lab");
  join_channel(carol, "#lab");
  join_channel(bob, "#pub");
  alice.send("TOPIC #pub :open to all");
  alice.expect(" TOPIC #pub :open to all");
  alice.drain();

  alice.send("LIST");
  expect_next(alice, ":test.chatd 321 alice Channel :Users  Name");
  CHECK(listed(alice) == std::set<std::string>{"#lab", "#lab2", "#pub"});
  alice.send("LIST #lab*");
  CHECK(listed(alice) == std::set<std::string>{"#lab", "#lab2"});
  alice.send("LIST #LAB*,!*2");
  CHECK(listed(alice) == std::set<std::string>{"#lab"});
  alice.send("LIST >1");
  CHECK(listed(alice) == std::set<std::string>{"#lab", "#pub"});
  alice.send("LIST <2");
  CHECK(listed(alice) == std::set<std::string>{"#lab2"});
  alice.send("LIST >1,<3");
  CHECK(listed(alice) == std::set<std::string>{"#pub"});
  // Everything here was created less than a minute ago, and only #pub has a topic.
  alice.send("LIST C<1");
  CHECK(listed(alice) == std::set<std::string>{"#lab", "#lab2", "#pub"});
  alice.send("LIST C>0");
  CHECK(listed(alice).empty());
  alice.send("LIST T<5");
  CHECK(listed(alice) == std::set<std::string>{"#pub"});
  alice.send("LIST T>5");
  CHECK(listed(alice).empty());
  // Channel names are looked up directly; secret channels stay hidden from outsiders.
  alice.send("MODE #lab2 +s");
  alice.expect(" MODE #lab2 +s");
  bob.send("LIST #lab2,#pub");
  CHECK(listed(bob) == std::set<std::string>{"#pub"});
  bob.send("LIST #*");
  CHECK(listed(bob) == std::set<std::string>{"#lab", "#pub"});
  alice.send("LIST #pub");
  expect_next(alice, ":test.chatd 321 alice Channel :Users  Name");
  expect_next(alice, ":test.chatd 322 alice #pub 2 :open to all");
  expect_next(alice, ":test.chatd 323 alice :End of /LIST");
}

TEST_CASE("list: a malformed filter gets 400 then 323; more than 50 items get 407") {
  Chatd chatd;
  IrcClient alice = chatd.registered("alice");
  for (const char* filter : {">x", "C>", "T<1a", "!"}) {
    alice.send(std::string("LIST #a,") + filter);
    expect_next(alice, std::string(":test.chatd 400 alice LIST :Invalid filter ") + filter +
                           " (ELIST=CMNTU: >n <n C>n C<n T>n T<n, masks up to 255 bytes, !mask)");
    expect_next(alice, ":test.chatd 323 alice :End of /LIST");
  }
  alice.send("LIST " + std::string(256, 'x'));
  alice.expect(" 400 alice LIST :Invalid filter xxxx");
  expect_next(alice, ":test.chatd 323 alice :End of /LIST");
  std::string many;
  for (int i = 0; i < 51; ++i) many += (i ? ",#c" : "#c") + std::to_string(i);
  alice.send("LIST " + many);
  expect_next(alice, ":test.chatd 407 alice #c50 :Too many targets");
  expect_quiet(alice);
}
