// Black-box tests of channels: JOIN (creation, ops, comma lists, JOIN 0, rfc1459 case folding,
// invalid names), PART, TOPIC, NAMES, LIST and MODE (channel queries and user modes). Each case
// starts a real chatd on its own port and checks the exact lines that RFC 1459/2812 and modern
// servers (solanum, InspIRCd, ngIRCd) send, including who must and must not see each line.
#include <doctest/doctest.h>

#include <algorithm>
#include <ctime>
#include <regex>
#include <source_location>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "support/chatd_process.hpp"
#include "support/irc_client.hpp"
#include "support/protocol.hpp"

namespace {

using chatd::test::basic_config;
using chatd::test::ChatdProcess;
using chatd::test::free_port;
using chatd::test::IrcClient;
using chatd::test::protocol::expect_next;
using chatd::test::protocol::expect_quiet;
using chatd::test::protocol::expect_unordered;
using chatd::test::protocol::fail_at;
using chatd::test::protocol::join_channel;
using chatd::test::protocol::next_line;
using Where = std::source_location;

// One chatd for one test case, on a port of its own.
struct Chatd {
  explicit Chatd(std::string_view extra = "") : port(free_port()), process(basic_config(port, extra), port) {}

  IrcClient registered(std::string_view nick, std::vector<std::string>* welcome = nullptr) const {
    IrcClient client(port);
    auto lines = client.register_as(nick);
    if (welcome) *welcome = std::move(lines);
    return client;
  }

  std::uint16_t port;
  ChatdProcess process;
};

// The names of a 353 line, sorted, so member order (unspecified) does not matter.
std::vector<std::string> names_in(const std::string& line) {
  std::vector<std::string> names;
  auto colon = line.find(" :");
  if (colon == std::string::npos) return names;
  std::istringstream in(line.substr(colon + 2));
  for (std::string name; in >> name;) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The number in a line that must match `pattern` (one capture group); -1 and a failure if not.
long long captured_number(const std::string& line, const std::string& pattern, Where where = Where::current()) {
  std::smatch match;
  if (!std::regex_match(line, match, std::regex(pattern))) {
    fail_at(where, "line\n  " + line + "\ndoes not match /" + pattern + "/");
    return -1;
  }
  return std::stoll(match[1].str());
}

}  // namespace

TEST_CASE("chan: JOIN creates the channel and makes its creator an operator") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  alice.send("JOIN #lab");
  expect_next(alice, ":alice!alice@127.0.0.1 JOIN #lab");
  expect_next(alice, ":test.chatd 353 alice = #lab :@alice");
  expect_next(alice, ":test.chatd 366 alice #lab :End of /NAMES list");
  expect_quiet(alice);
}

TEST_CASE("chan: a second joiner gets JOIN, NAMES with both and 366; members see exactly its JOIN") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  auto bob = chatd.registered("bob");
  auto carol = chatd.registered("carol");  // on no channel: must hear nothing
  join_channel(alice, "#lab");

  bob.send("JOIN #lab");
  expect_next(bob, ":bob!bob@127.0.0.1 JOIN #lab");
  const std::string names = next_line(bob);
  CHECK(names.rfind(":test.chatd 353 bob = #lab :", 0) == 0);
  CHECK(names_in(names) == std::vector<std::string>{"@alice", "bob"});
  expect_next(bob, ":test.chatd 366 bob #lab :End of /NAMES list");
  expect_quiet(bob);

  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #lab");
  expect_quiet(alice);
  expect_quiet(carol);

  // A third joiner is announced to both members, once each.
  carol.send("JOIN #lab");
  expect_next(carol, ":carol!carol@127.0.0.1 JOIN #lab");
  CHECK(names_in(next_line(carol)) == std::vector<std::string>{"@alice", "bob", "carol"});
  expect_next(carol, ":test.chatd 366 carol #lab :End of /NAMES list");
  expect_next(alice, ":carol!carol@127.0.0.1 JOIN #lab");
  expect_next(bob, ":carol!carol@127.0.0.1 JOIN #lab");
  expect_quiet(alice);
  expect_quiet(bob);
  expect_quiet(carol);
}

TEST_CASE("chan: JOIN with a comma list joins each channel in order; empty items are skipped") {
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

TEST_CASE("chan: JOIN 0 parts every channel; peers and the user see each PART") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  auto bob = chatd.registered("bob");
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

TEST_CASE("chan: joining a channel one is already on is silent for everyone") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  auto bob = chatd.registered("bob");
  join_channel(alice, "#lab");
  join_channel(bob, "#lab");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #lab");

  bob.send("JOIN #lab");
  bob.send("JOIN #LAB");
  expect_quiet(bob);
  expect_quiet(alice);
}

TEST_CASE("chan: channel names are rfc1459 case-insensitive and keep the creator's spelling") {
  Chatd chatd;
  std::vector<std::string> welcome;
  auto alice = chatd.registered("alice", &welcome);
  bool announced = std::any_of(welcome.begin(), welcome.end(), [](const std::string& line) {
    return line.find(" 005 ") != std::string::npos && line.find(" CASEMAPPING=rfc1459 ") != std::string::npos;
  });
  CHECK(announced);
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
  expect_quiet(alice);
  expect_quiet(bob);
}

TEST_CASE("chan: invalid channel names get 403 and create nothing") {
  Chatd chatd;
  std::vector<std::string> welcome;
  auto alice = chatd.registered("alice", &welcome);
  bool announced = std::any_of(welcome.begin(), welcome.end(), [](const std::string& line) {
    return line.find(" 005 ") != std::string::npos && line.find(" CHANNELLEN=50 ") != std::string::npos &&
           line.find(" CHANTYPES=# ") != std::string::npos;
  });
  CHECK(announced);

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

TEST_CASE("chan: PART with and without a reason reaches every member, the parter included, and no one else") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  auto bob = chatd.registered("bob");
  auto carol = chatd.registered("carol");
  auto dave = chatd.registered("dave");  // a stranger
  join_channel(alice, "#lab");
  join_channel(bob, "#lab");
  join_channel(carol, "#lab");
  join_channel(dave, "#other");
  expect_unordered(alice, {":bob!bob@127.0.0.1 JOIN #lab", ":carol!carol@127.0.0.1 JOIN #lab"});
  expect_next(bob, ":carol!carol@127.0.0.1 JOIN #lab");

  bob.send("PART #lab :gone home: for today");
  const std::string with_reason = ":bob!bob@127.0.0.1 PART #lab :gone home: for today";
  expect_next(bob, with_reason);
  expect_next(alice, with_reason);
  expect_next(carol, with_reason);

  carol.send("PART #LAB");
  expect_next(carol, ":carol!carol@127.0.0.1 PART #lab");
  expect_next(alice, ":carol!carol@127.0.0.1 PART #lab");

  for (auto* client : {&alice, &bob, &carol, &dave}) expect_quiet(*client);
}

TEST_CASE("chan: PART errors: 442 when not on the channel, 403 when it does not exist, 461 without a name") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  auto bob = chatd.registered("bob");
  join_channel(alice, "#lab");

  bob.send("PART #lab");
  expect_next(bob, ":test.chatd 442 bob #lab :You're not on that channel");
  bob.send("PART #nowhere");
  expect_next(bob, ":test.chatd 403 bob #nowhere :No such channel");
  bob.send("PART #nowhere,#LAB :bye");
  expect_next(bob, ":test.chatd 403 bob #nowhere :No such channel");
  expect_next(bob, ":test.chatd 442 bob #lab :You're not on that channel");
  bob.send("PART");
  expect_next(bob, ":test.chatd 461 bob PART :Not enough parameters");
  expect_quiet(alice);
  expect_quiet(bob);
}

TEST_CASE("chan: the last PART destroys the channel; a new JOIN recreates it with a new op") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  auto bob = chatd.registered("bob");
  join_channel(alice, "#lab");
  alice.send("TOPIC #lab :old topic");
  alice.expect(" TOPIC #lab ");

  alice.send("LIST");
  expect_next(alice, ":test.chatd 321 alice Channel :Users  Name");
  expect_next(alice, ":test.chatd 322 alice #lab 1 :old topic");
  expect_next(alice, ":test.chatd 323 alice :End of /LIST");

  alice.send("PART #lab");
  expect_next(alice, ":alice!alice@127.0.0.1 PART #lab");
  alice.send("LIST");
  expect_next(alice, ":test.chatd 321 alice Channel :Users  Name");
  expect_next(alice, ":test.chatd 323 alice :End of /LIST");
  alice.send("TOPIC #lab");
  expect_next(alice, ":test.chatd 403 alice #lab :No such channel");
  alice.send("LUSERS");
  alice.expect(" 251 ");
  expect_next(alice, ":test.chatd 254 alice 0 :channels formed");
  alice.expect(" 266 ");

  // The channel starts over: the topic is gone and the first joiner is the op.
  bob.send("JOIN #Lab");
  expect_next(bob, ":bob!bob@127.0.0.1 JOIN #Lab");
  expect_next(bob, ":test.chatd 353 bob = #Lab :@bob");
  expect_next(bob, ":test.chatd 366 bob #Lab :End of /NAMES list");
  bob.send("TOPIC #lab");
  expect_next(bob, ":test.chatd 331 bob #Lab :No topic is set");
  expect_quiet(alice);
}

TEST_CASE("chan: TOPIC query answers 331 without a topic, 332 and 333 with one; joiners get it too") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  auto bob = chatd.registered("bob");
  join_channel(alice, "#lab");

  alice.send("TOPIC #lab");
  expect_next(alice, ":test.chatd 331 alice #lab :No topic is set");

  const auto before = std::time(nullptr);
  alice.send("TOPIC #lab :Lab night: bring snacks");
  expect_next(alice, ":alice!alice@127.0.0.1 TOPIC #lab :Lab night: bring snacks");
  alice.send("TOPIC #LAB");
  expect_next(alice, ":test.chatd 332 alice #lab :Lab night: bring snacks");
  auto set_at = captured_number(next_line(alice), R"(:test\.chatd 333 alice #lab alice (\d+))");
  CHECK(set_at >= before - 1);
  CHECK(set_at <= std::time(nullptr) + 1);

  // A joiner gets JOIN, then the topic, then the names.
  bob.send("JOIN #lab");
  expect_next(bob, ":bob!bob@127.0.0.1 JOIN #lab");
  expect_next(bob, ":test.chatd 332 bob #lab :Lab night: bring snacks");
  CHECK(next_line(bob).rfind(":test.chatd 333 bob #lab alice ", 0) == 0);
  CHECK(next_line(bob).rfind(":test.chatd 353 bob = #lab :", 0) == 0);
  expect_next(bob, ":test.chatd 366 bob #lab :End of /NAMES list");

  // Anyone may read the topic of a (non-secret) channel.
  auto carol = chatd.registered("carol");
  carol.send("TOPIC #lab");
  expect_next(carol, ":test.chatd 332 carol #lab :Lab night: bring snacks");
  CHECK(next_line(carol).rfind(":test.chatd 333 carol #lab alice ", 0) == 0);
  carol.send("TOPIC #nowhere");
  expect_next(carol, ":test.chatd 403 carol #nowhere :No such channel");
  carol.send("TOPIC");
  expect_next(carol, ":test.chatd 461 carol TOPIC :Not enough parameters");
  expect_quiet(carol);
}

TEST_CASE("chan: TOPIC set by an op reaches all members; non-ops on +t get 482, non-members 442") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  auto bob = chatd.registered("bob");
  auto carol = chatd.registered("carol");
  join_channel(alice, "#lab");
  join_channel(bob, "#lab");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #lab");

  alice.send("TOPIC #lab :new topic");
  expect_next(alice, ":alice!alice@127.0.0.1 TOPIC #lab :new topic");
  expect_next(bob, ":alice!alice@127.0.0.1 TOPIC #lab :new topic");
  expect_quiet(carol);

  bob.send("TOPIC #lab :bob's topic");
  expect_next(bob, ":test.chatd 482 bob #lab :You're not channel operator");
  carol.send("TOPIC #lab :carol's topic");
  expect_next(carol, ":test.chatd 442 carol #lab :You're not on that channel");
  bob.send("TOPIC #lab");
  expect_next(bob, ":test.chatd 332 bob #lab :new topic");
  bob.expect(" 333 ");

  // An empty topic clears it.
  alice.send("TOPIC #lab :");
  expect_next(alice, ":alice!alice@127.0.0.1 TOPIC #lab :");
  expect_next(bob, ":alice!alice@127.0.0.1 TOPIC #lab :");
  bob.send("TOPIC #lab");
  expect_next(bob, ":test.chatd 331 bob #lab :No topic is set");
  for (auto* client : {&alice, &bob, &carol}) expect_quiet(*client);
}

TEST_CASE("chan: a topic longer than TOPICLEN is cut on a UTF-8 character boundary") {
  Chatd chatd("[limits]\ntopic_length = 10\n");
  std::vector<std::string> welcome;
  auto alice = chatd.registered("alice", &welcome);
  CHECK(std::any_of(welcome.begin(), welcome.end(),
                    [](const std::string& line) { return line.find(" TOPICLEN=10 ") != std::string::npos; }));
  join_channel(alice, "#lab");

  alice.send("TOPIC #lab :0123456789abc");
  expect_next(alice, ":alice!alice@127.0.0.1 TOPIC #lab :0123456789");
  // "é" is 2 bytes at offsets 9-10: cutting at 10 would split it, so it goes entirely.
  alice.send("TOPIC #lab :abcdefghi\xC3\xA9xyz");
  expect_next(alice, ":alice!alice@127.0.0.1 TOPIC #lab :abcdefghi");
  // "€" is 3 bytes at offsets 8-10.
  alice.send("TOPIC #lab :abcdefgh\xE2\x82\xACxyz");
  expect_next(alice, ":alice!alice@127.0.0.1 TOPIC #lab :abcdefgh");
  // Exactly 10 bytes ending in a whole character is kept as is.
  alice.send("TOPIC #lab :abcdefgh\xC3\xA9");
  expect_next(alice, ":alice!alice@127.0.0.1 TOPIC #lab :abcdefgh\xC3\xA9");
  alice.send("TOPIC #lab");
  expect_next(alice, ":test.chatd 332 alice #lab :abcdefgh\xC3\xA9");
  alice.expect(" 333 ");
  expect_quiet(alice);
}

TEST_CASE("chan: NAMES for a channel (353 '=' then 366), a missing channel and no argument") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  auto bob = chatd.registered("bob");
  auto carol = chatd.registered("carol");
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

TEST_CASE("chan: NAMES of a big channel is split over 353 lines of at most 512 bytes") {
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

TEST_CASE("chan: LIST answers 321, one 322 per channel with count and topic, then 323") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  auto bob = chatd.registered("bob");
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

TEST_CASE("chan: MODE on a channel: 324 +nt and 329, an empty ban list, 403 and 482") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  auto bob = chatd.registered("bob");
  const auto before = std::time(nullptr);
  join_channel(alice, "#lab");

  alice.send("MODE #lab");
  expect_next(alice, ":test.chatd 324 alice #lab +nt");
  auto created = captured_number(next_line(alice), R"(:test\.chatd 329 alice #lab (\d+))");
  CHECK(created >= before - 1);
  CHECK(created <= std::time(nullptr) + 1);

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
  expect_quiet(alice);
  expect_quiet(bob);
}

TEST_CASE("chan: user MODE: 221 query, +i and -i, 502 for another nick, 501 for unknown flags") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  auto bob = chatd.registered("bob");

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
  expect_quiet(alice);
  expect_quiet(bob);
}

TEST_CASE("chan: a QUIT reaches each channel peer once, however many channels they share") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  auto bob = chatd.registered("bob");
  auto carol = chatd.registered("carol");
  join_channel(alice, "#a");
  join_channel(alice, "#b");
  join_channel(bob, "#a");
  join_channel(bob, "#b");
  join_channel(carol, "#c");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #a");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #b");

  bob.send("QUIT :see you");
  bob.read_until_closed();
  expect_next(alice, ":bob!bob@127.0.0.1 QUIT :Quit: see you");
  expect_quiet(alice);
  expect_quiet(carol);

  alice.send("NAMES #a,#b");
  expect_next(alice, ":test.chatd 353 alice = #a :@alice");
  expect_next(alice, ":test.chatd 366 alice #a :End of /NAMES list");
  expect_next(alice, ":test.chatd 353 alice = #b :@alice");
  expect_next(alice, ":test.chatd 366 alice #b :End of /NAMES list");
}
