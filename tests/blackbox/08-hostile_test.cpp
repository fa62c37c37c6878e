// Black-box tests of hostile and broken clients (issue 8): connection caps, channel caps,
// nick-change rate, flood control (fake lag and Excess Flood) and bad input. Each starts its
// own chatd with low limits so that a few clients reach them.
#include <doctest/doctest.h>
#include <sys/socket.h>

#include <string>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"

using namespace chatd::test;
using namespace chatd::test::protocol;

// Every chatd here runs one worker, so that the clients of a test share it.

TEST_CASE("hostile: past max_clients a client is told \"Server is full\" and closed; a freed slot is reused") {
  Chatd chatd({.workers = 1, .limits = "max_clients = 2\n"});
  IrcClient a = chatd.registered("a");
  IrcClient b = chatd.connect();
  IrcClient refused = chatd.connect();
  auto lines = refused.read_until_closed();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "ERROR :Closing link: *[127.0.0.1] (Server is full)");
  b.close();
  round_trip(a);
  CHECK(new_client_served(chatd, 50, 2000));
}

TEST_CASE("hostile: past max_per_ip a client is told \"Too many connections from your address\"") {
  Chatd chatd({.workers = 1, .limits = "max_per_ip = 2\n"});
  auto [a, b] = chatd.users("a", "b");
  IrcClient refused = chatd.connect();
  auto lines = refused.read_until_closed();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "ERROR :Closing link: *[127.0.0.1] (Too many connections from your address)");
  round_trip(a);
  round_trip(b);
}

TEST_CASE("hostile: JOIN past max_channels_per_user gets 405; CHANLIMIT is announced; JOIN of 100 channels gets 407") {
  Chatd chatd({.workers = 1, .limits = "max_channels_per_user = 3\n"});
  std::vector<std::string> welcome;
  IrcClient alice = chatd.registered("alice", welcome);
  CHECK(any_contains(welcome, " CHANLIMIT=#:3 "));
  alice.send("JOIN #a,#b,#c,#d");
  alice.expect(":test.chatd 405 alice #d :You have joined too many channels");
  std::string many = "JOIN ";
  for (int i = 0; i < 1000; ++i) many += (i ? ",#x" : "#x") + std::to_string(i);
  alice.send(many.substr(0, 510));  // as much as fits in one line: the reader would refuse more
  alice.expect(":test.chatd 407 alice #x50 :Too many targets");  // TARGMAX JOIN:50
  round_trip(alice);
  alice.send("NAMES #x0");
  alice.expect(":test.chatd 366 alice #x0 ");  // never created by the refused JOIN
}

TEST_CASE("hostile: NICK changes past nick_changes_per_10s get 438; the nick stays") {
  Chatd chatd({.workers = 1, .limits = "nick_changes_per_10s = 2\n"});
  IrcClient alice = chatd.registered("alice");
  alice.send("NICK b1");
  alice.expect(" NICK :b1");
  alice.send("NICK b2");
  alice.expect(" NICK :b2");
  alice.send("NICK b3");
  alice.expect(":test.chatd 438 b2 b3 :Nick change too fast. Please wait a while");
}

TEST_CASE("hostile: bare CR ends a line: relayed lines never carry a CR") {
  Chatd chatd({.workers = 1});
  auto [alice, bob] = chatd.users("alice", "bob");
  join_all("#x", {&alice, &bob});
  alice.send_raw("PRIVMSG #x :one\rPRIVMSG #x :two\r\n");
  CHECK(bob.expect("PRIVMSG #x :") == ":alice!alice@127.0.0.1 PRIVMSG #x :one");
  CHECK(bob.expect("PRIVMSG #x :") == ":alice!alice@127.0.0.1 PRIVMSG #x :two");
}

TEST_CASE("hostile: NUL drops the line with a NOTICE, invalid UTF-8 becomes U+FFFD, overlong lines and tags get 417") {
  Chatd chatd({.workers = 1});
  auto [alice, bob] = chatd.users("alice", "bob");
  join_all("#x", {&alice, &bob});
  alice.send_raw(std::string("PRIVMSG #x :a\0b\r\n", 17));
  alice.expect("NOTICE alice :Line dropped: it contains a NUL byte");
  alice.send("PRIVMSG #x :bad \xff byte");
  CHECK(bob.expect("PRIVMSG #x") == ":alice!alice@127.0.0.1 PRIVMSG #x :bad \xef\xbf\xbd byte");
  alice.send("PRIVMSG #x :" + std::string(600, 'y'));
  alice.expect(":test.chatd 417 alice :Input line was too long");
  alice.send("@" + std::string(8000, 't') + " PRIVMSG #x :tagged");
  alice.expect(":test.chatd 417 alice :Input line was too long");
  std::string targets;
  for (int i = 0; i < 3000; ++i) targets += (i ? ",n" : "n") + std::to_string(i);
  alice.send("PRIVMSG " + targets + " :hi");
  alice.expect(":test.chatd 417 alice");  // 3000 targets cannot fit in a line
  alice.send("PRIVMSG " + targets.substr(0, 400) + " :hi");
  alice.expect(" 407 alice ");
  round_trip(alice);
  bob.send("PING :after");
  bob.expect("PONG test.chatd :after");
  CHECK(bob.skipped().empty());  // nothing else reached bob
}

TEST_CASE(
    "hostile: a flooder is slowed (fake lag), loses nothing, and a bystander on its worker still gets prompt PONGs") {
  Chatd chatd({.workers = 1, .limits = "flood_lines_per_second = 20\nflood_burst = 5\n"});
  auto [flooder, bystander] = chatd.users("flooder", "bystander");
  std::string paste;
  for (int i = 0; i < 60; ++i) paste += "PING :f" + std::to_string(i) + "\r\n";
  REQUIRE(flooder.send_raw(paste));
  flooder.expect("PONG test.chatd :f4");  // the burst is answered at once
  round_trip(bystander, "prompt");        // answered while the flooder is still held back
  // 55 held lines at 20 a second take ~3 s: the bystander's answer came first, and the
  // flooder's lines all arrive, in order.
  for (int i = 5; i < 60; ++i) {
    CHECK(flooder.read_line(10000) == ":test.chatd PONG test.chatd :f" + std::to_string(i));
  }
}

TEST_CASE("hostile: a flooder whose held input passes recvq is closed with Excess Flood; peers see the QUIT") {
  Chatd chatd({.workers = 1, .limits = "flood_lines_per_second = 1\nflood_burst = 1\nrecvq = 1024\n"});
  auto [flooder, peer] = chatd.users("flooder", "peer");
  join_all("#x", {&flooder, &peer});
  std::string paste;
  for (int i = 0; i < 200; ++i) paste += "PRIVMSG #x :line " + std::to_string(i) + "\r\n";
  flooder.send_raw(paste);
  peer.expect(":flooder!flooder@127.0.0.1 QUIT :Excess Flood", 10000);
  bool saw_error = false;
  for (const auto& line : flooder.read_until_closed(10000)) {
    saw_error = saw_error || line.find("ERROR :Closing link: flooder[127.0.0.1] (Excess Flood)") != std::string::npos;
  }
  CHECK(saw_error);
}
