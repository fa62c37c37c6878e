// Black-box tests of JOIN: creating a channel and its first operator, what joiners and members
// see, comma lists, JOIN 0, rfc1459 case folding of channel names and invalid names. Each case
// starts a real chatd and checks the exact lines RFC 1459/2812 and modern servers (solanum,
// InspIRCd, ngIRCd) send, including who must and must not see each line.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"

using namespace chatd::test;
using namespace chatd::test::protocol;

TEST_CASE("chan-join: JOIN creates the channel and makes its creator an operator") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  alice.send("JOIN #lab");
  expect_next(alice, ":alice!alice@127.0.0.1 JOIN #lab");
  expect_next(alice, ":test.chatd 353 alice = #lab :@alice");
  expect_next(alice, ":test.chatd 366 alice #lab :End of /NAMES list");
  expect_quiet(alice);
}

TEST_CASE("chan-join: a second joiner gets JOIN, NAMES with both and 366; members see exactly its JOIN") {
  Chatd chatd;
  // carol: on no channel: must hear nothing
  auto [alice, bob, carol] = chatd.users("alice", "bob", "carol");
  join_channel(alice, "#lab");

  bob.send("JOIN #lab");
  expect_next(bob, ":bob!bob@127.0.0.1 JOIN #lab");
  const std::string names = next_line(bob);
  CHECK(names.rfind(":test.chatd 353 bob = #lab :", 0) == 0);
  CHECK(names_in(names) == std::vector<std::string>{"@alice", "bob"});
  expect_next(bob, ":test.chatd 366 bob #lab :End of /NAMES list");
  expect_quiet(bob);

  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #lab");
  expect_quiet({&alice, &carol});

  // A third joiner is announced to both members, once each.
  carol.send("JOIN #lab");
  expect_next(carol, ":carol!carol@127.0.0.1 JOIN #lab");
  CHECK(names_in(next_line(carol)) == std::vector<std::string>{"@alice", "bob", "carol"});
  expect_next(carol, ":test.chatd 366 carol #lab :End of /NAMES list");
  expect_next(alice, ":carol!carol@127.0.0.1 JOIN #lab");
  expect_next(bob, ":carol!carol@127.0.0.1 JOIN #lab");
  expect_quiet({&alice, &bob, &carol});
}

TEST_CASE("chan-join: JOIN with a comma list joins each channel in order; empty items are skipped") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  alice.send("JOIN #a,,#b,nochan");
  expect_next(alice, ":alice!alice@127.0.0.1 JOIN #a");
  expect_next(alice, ":test.chatd 353 alice = #a :@alice");
  expect_next(alice, ":test.chatd 366 alice #a :End of /NAMES list");
  expect_next(alice, ":alice!alice@127.0.0.1 JOIN #b");
  expect_next(alice, ":test.chatd 353 alice = #b :@alice");
  expect_next(alice, ":test.chatd 366 alice #b :End of /NAMES list");
  expect_next(alice, ":test.chatd 403 alice nochan :No such channel");
  expect_quiet(alice);

  // A key list after the channels is accepted and ignored (the core has no +k).
  auto bob = chatd.registered("bob");
  bob.send("JOIN #a,#b key1,key2");
  expect_next(bob, ":bob!bob@127.0.0.1 JOIN #a");
  bob.expect(" 366 bob #a ");
  expect_next(bob, ":bob!bob@127.0.0.1 JOIN #b");
  bob.expect(" 366 bob #b ");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #a");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #b");
  expect_quiet(alice);
}

TEST_CASE("chan-join: JOIN 0 parts every channel; peers and the user see each PART") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  join_channel(alice, "#a");
  join_channel(alice, "#b");
  join_channel(alice, "#solo");
  join_channel(bob, "#a");
  join_channel(bob, "#b");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #a");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #b");

  alice.send("JOIN 0");
  std::vector<std::string> got;
  for (int i = 0; i < 3; ++i) got.push_back(next_line(alice));
  CHECK(sorted(got) == std::vector<std::string>{":alice!alice@127.0.0.1 PART #a", ":alice!alice@127.0.0.1 PART #b",
                                                ":alice!alice@127.0.0.1 PART #solo"});
  expect_quiet(alice);
  std::vector<std::string> seen{next_line(bob), next_line(bob)};
  CHECK(sorted(seen) == std::vector<std::string>{":alice!alice@127.0.0.1 PART #a", ":alice!alice@127.0.0.1 PART #b"});
  expect_quiet(bob);

  // alice is on nothing now: WHOIS shows no channels, #solo is gone, #a and #b remain.
  alice.send("WHOIS alice");
  CHECK(alice.expect(" 318 ").find("alice") != std::string::npos);
  for (const auto& line : alice.skipped()) CHECK(line.find(" 319 ") == std::string::npos);
  alice.send("LIST");
  expect_next(alice, ":test.chatd 321 alice Channel :Users  Name");
  std::vector<std::string> listed{next_line(alice), next_line(alice)};
  CHECK(sorted(listed) == std::vector<std::string>{":test.chatd 322 alice #a 1 :", ":test.chatd 322 alice #b 1 :"});
  expect_next(alice, ":test.chatd 323 alice :End of /LIST");

  // JOIN 0 on no channel is a no-op.
  alice.send("JOIN 0");
  expect_quiet(alice);
}

TEST_CASE("chan-join: joining a channel one is already on is silent for everyone") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  join_all("#lab", {&alice, &bob});

  bob.send("JOIN #lab");
  bob.send("JOIN #LAB");
  expect_quiet({&bob, &alice});
}

TEST_CASE("chan-join: channel names are rfc1459 case-insensitive and keep the creator's spelling") {
  Chatd chatd;
  std::vector<std::string> welcome;
  auto alice = chatd.registered("alice", welcome);
  CHECK(any_contains(with_code(welcome, "005"), " CASEMAPPING=rfc1459 "));
  auto bob = chatd.registered("bob");

  join_channel(alice, "#Lab");
  bob.send("JOIN #lAB");
  expect_next(bob, ":bob!bob@127.0.0.1 JOIN #Lab");
  CHECK(names_in(next_line(bob)) == std::vector<std::string>{"@alice", "bob"});
  expect_next(bob, ":test.chatd 366 bob #Lab :End of /NAMES list");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #Lab");

  // rfc1459: []\~ are the upper case of {}|^.
  join_channel(alice, "#[x]\\~");
  bob.send("JOIN #{X}|^");
  expect_next(bob, ":bob!bob@127.0.0.1 JOIN #[x]\\~");
  bob.expect(" 366 bob #[x]\\~ ");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #[x]\\~");

  // Every command finds the channel under any spelling and answers with the stored one.
  bob.send("PRIVMSG #LAB :hi");
  expect_next(alice, ":bob!bob@127.0.0.1 PRIVMSG #Lab :hi");
  alice.send("NAMES #lab");
  CHECK(next_line(alice).rfind(":test.chatd 353 alice = #Lab :", 0) == 0);
  expect_next(alice, ":test.chatd 366 alice #Lab :End of /NAMES list");
  alice.send("LIST #LAB");
  expect_next(alice, ":test.chatd 321 alice Channel :Users  Name");
  expect_next(alice, ":test.chatd 322 alice #Lab 2 :");
  expect_next(alice, ":test.chatd 323 alice :End of /LIST");
  bob.send("PART #{x}|^");
  expect_next(bob, ":bob!bob@127.0.0.1 PART #[x]\\~");
  expect_next(alice, ":bob!bob@127.0.0.1 PART #[x]\\~");
  expect_quiet({&alice, &bob});
}

TEST_CASE("chan-join: invalid channel names get 403 and create nothing") {
  Chatd chatd;
  std::vector<std::string> welcome;
  auto alice = chatd.registered("alice", welcome);
  CHECK(any_contains(with_code(welcome, "005"), " CHANNELLEN=50 "));
  CHECK(any_contains(with_code(welcome, "005"), " CHANTYPES=# "));

  alice.send("JOIN lab");
  expect_next(alice, ":test.chatd 403 alice lab :No such channel");
  alice.send("JOIN #");
  expect_next(alice, ":test.chatd 403 alice # :No such channel");
  alice.send("JOIN &local");
  expect_next(alice, ":test.chatd 403 alice &local :No such channel");
  alice.send("JOIN #bell\a");
  expect_next(alice, ":test.chatd 403 alice #bell\a :No such channel");
  alice.send("JOIN #a:b");
  expect_next(alice, ":test.chatd 403 alice #a:b :No such channel");

  // CHANNELLEN counts the '#': 50 bytes is fine, 51 is not.
  const std::string fifty = "#" + std::string(49, 'c');
  const std::string fifty_one = "#" + std::string(50, 'c');
  alice.send("JOIN " + fifty_one);
  expect_next(alice, ":test.chatd 403 alice " + fifty_one + " :No such channel");
  alice.send("JOIN " + fifty);
  expect_next(alice, ":alice!alice@127.0.0.1 JOIN " + fifty);
  alice.expect(" 366 ");

  // A comma always separates names, so it can never be part of one.
  alice.send("JOIN #ok,x");
  expect_next(alice, ":alice!alice@127.0.0.1 JOIN #ok");
  alice.expect(" 366 alice #ok ");
  expect_next(alice, ":test.chatd 403 alice x :No such channel");
  expect_quiet(alice);

  alice.send("LIST");
  expect_next(alice, ":test.chatd 321 alice Channel :Users  Name");
  std::vector<std::string> listed{next_line(alice), next_line(alice)};
  CHECK(sorted(listed) == sorted({":test.chatd 322 alice " + fifty + " 1 :", ":test.chatd 322 alice #ok 1 :"}));
  expect_next(alice, ":test.chatd 323 alice :End of /LIST");

  alice.send("JOIN");
  expect_next(alice, ":test.chatd 461 alice JOIN :Not enough parameters");
}
