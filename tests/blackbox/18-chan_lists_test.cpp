// Black-box tests of the lists of a channel's members and of channels: NAMES (353/366, split
// over several lines for a big channel) and LIST (321, 322 per channel, 323).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"

using namespace chatd::test;
using namespace chatd::test::protocol;

TEST_CASE("chan-lists: NAMES for a channel (353 '=' then 366), a missing channel and no argument") {
  Chatd chatd;
  auto [alice, bob, carol] = chatd.users("alice", "bob", "carol");
  join_channel(alice, "#lab");
  join_channel(bob, "#lab");
  join_channel(bob, "#two");

  carol.send("NAMES #lab");
  const std::string names = next_line(carol);
  CHECK(names.rfind(":test.chatd 353 carol = #lab :", 0) == 0);
  CHECK(names_in(names) == std::vector<std::string>{"@alice", "bob"});
  expect_next(carol, ":test.chatd 366 carol #lab :End of /NAMES list");

  carol.send("NAMES #nowhere");
  expect_next(carol, ":test.chatd 366 carol #nowhere :End of /NAMES list");

  carol.send("NAMES #two,#lab");
  expect_next(carol, ":test.chatd 353 carol = #two :@bob");
  expect_next(carol, ":test.chatd 366 carol #two :End of /NAMES list");
  CHECK(names_in(next_line(carol)) == std::vector<std::string>{"@alice", "bob"});
  expect_next(carol, ":test.chatd 366 carol #lab :End of /NAMES list");

  carol.send("NAMES");
  expect_next(carol, ":test.chatd 366 carol * :End of /NAMES list");
  expect_quiet(carol);
}

TEST_CASE("chan-lists: NAMES of a big channel is split over 353 lines of at most 512 bytes") {
  Chatd chatd;
  std::vector<IrcClient> members;
  std::vector<std::string> want;
  for (int i = 0; i < 40; ++i) {
    // 30-byte nicks (NICKLEN) so that 40 of them need three lines.
    std::string nick = "member" + std::to_string(100 + i) + std::string(21, 'x');
    members.push_back(chatd.registered(nick));
    join_channel(members.back(), "#big");
    want.push_back((i == 0 ? "@" : "") + nick);
  }
  std::sort(want.begin(), want.end());

  auto viewer = chatd.registered("viewer");
  viewer.send("NAMES #big");
  std::vector<std::string> got;
  int lines = 0;
  while (true) {
    const std::string line = next_line(viewer);
    if (line == ":test.chatd 366 viewer #big :End of /NAMES list") break;
    REQUIRE(line.rfind(":test.chatd 353 viewer = #big :", 0) == 0);
    CHECK(line.size() + 2 <= 512);
    auto names = names_in(line);
    got.insert(got.end(), names.begin(), names.end());
    ++lines;
  }
  std::sort(got.begin(), got.end());
  CHECK(lines >= 3);
  CHECK(got == want);
  expect_quiet(viewer);
}

TEST_CASE("chan-lists: LIST answers 321, one 322 per channel with count and topic, then 323") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  join_channel(alice, "#a");
  join_channel(bob, "#a");
  join_channel(alice, "#b");
  join_channel(bob, "#c");
  alice.send("TOPIC #b :the b channel");
  alice.expect(" TOPIC #b ");

  bob.send("LIST");
  expect_next(bob, ":test.chatd 321 bob Channel :Users  Name");
  std::vector<std::string> all{next_line(bob), next_line(bob), next_line(bob)};
  CHECK(sorted(all) == std::vector<std::string>{":test.chatd 322 bob #a 2 :", ":test.chatd 322 bob #b 1 :the b channel",
                                                ":test.chatd 322 bob #c 1 :"});
  expect_next(bob, ":test.chatd 323 bob :End of /LIST");

  bob.send("LIST #b,#A,#missing");
  expect_next(bob, ":test.chatd 321 bob Channel :Users  Name");
  expect_next(bob, ":test.chatd 322 bob #b 1 :the b channel");
  expect_next(bob, ":test.chatd 322 bob #a 2 :");
  expect_next(bob, ":test.chatd 323 bob :End of /LIST");

  bob.send("LIST #missing");
  expect_next(bob, ":test.chatd 321 bob Channel :Users  Name");
  expect_next(bob, ":test.chatd 323 bob :End of /LIST");
  expect_quiet(bob);
}
