// Black-box tests of the query commands: WHO (channels, nicks, masks, +i visibility), WHOIS,
// AWAY, ISON, USERHOST, MOTD, LUSERS, VERSION and TIME. Each case starts a real chatd on its own
// port and checks the exact numerics RFC 1459/2812 and modern servers send.
#include <doctest/doctest.h>

#include <ctime>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"
#include "support/wait.hpp"

namespace {

using namespace chatd::test;
using namespace chatd::test::protocol;

// "352 <me> <chan> <nick> 127.0.0.1 test.chatd <nick> <flags> :0 Test User": register_as sends
// "USER <nick> 0 * :Test User", so user name = nick and the real name is "Test User".
std::string who_line(std::string_view me, std::string_view channel, std::string_view nick, std::string_view flags) {
  const std::string n(nick);
  return ":test.chatd 352 " + std::string(me) + " " + std::string(channel) + " " + n + " 127.0.0.1 test.chatd " + n +
         " " + std::string(flags) + " :0 Test User";
}

// The LUSERS reply for the given counts, as this server words it.
std::vector<std::string> lusers_lines(std::string_view me, int visible, int invisible, int unknown, int channels,
                                      int clients, int max) {
  const std::string prefix = ":test.chatd ";
  const std::string m(me), c = std::to_string(clients), x = std::to_string(max);
  std::vector<std::string> lines{prefix + "251 " + m + " :There are " + std::to_string(visible) + " users and " +
                                 std::to_string(invisible) + " invisible on 1 servers"};
  if (unknown > 0) lines.push_back(prefix + "253 " + m + " " + std::to_string(unknown) + " :unknown connection(s)");
  lines.push_back(prefix + "254 " + m + " " + std::to_string(channels) + " :channels formed");
  lines.push_back(prefix + "255 " + m + " :I have " + c + " clients and 0 servers");
  lines.push_back(prefix + "265 " + m + " " + c + " " + x + " :Current local users " + c + ", max " + x);
  lines.push_back(prefix + "266 " + m + " " + c + " " + x + " :Current global users " + c + ", max " + x);
  return lines;
}

// Connections the server has not yet seen close (the harness's readiness probe, a client that
// just hung up) count as unknown for a moment: asks LUSERS until no 253 is left (bounded).
bool wait_no_unknown(IrcClient& client) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    client.send("LUSERS");
    client.expect(" 251 ");
    const bool none = next_line(client).find(" 253 ") == std::string::npos;
    client.expect(" 266 ");
    if (none) return true;
    sleep_ms(20);
  }
  return false;
}

// Sends "WHO <mask>" (just "WHO" for an empty mask): the 352 replies must be exactly `rows`, in
// any order, and then the 315 that ends them, echoing the mask as sent.
void expect_who(IrcClient& client, std::string_view me, std::string_view mask, std::vector<std::string> rows,
                Where where = Where::current()) {
  client.send(mask.empty() ? std::string("WHO") : "WHO " + std::string(mask));
  expect_unordered(client, std::move(rows), where);
  expect_next(
      client,
      ":test.chatd 315 " + std::string(me) + " " + std::string(mask.empty() ? "*" : mask) + " :End of /WHO list", 5000,
      where);
}

void expect_lusers(IrcClient& client, const std::vector<std::string>& want, Where where = Where::current()) {
  client.send("LUSERS");
  for (const auto& line : want) expect_next(client, line, 5000, where);
}

}  // namespace

TEST_CASE("query: WHO #chan lists every member with H/G and @, then 315") {
  Chatd chatd;
  auto [alice, bob, carol] = chatd.users("alice", "bob", "carol");
  join_channel(alice, "#lab");
  join_channel(bob, "#lab");
  bob.send("AWAY :brb");
  bob.expect(" 306 ");

  expect_who(carol, "carol", "#LAB", {who_line("carol", "#lab", "alice", "H@"), who_line("carol", "#lab", "bob", "G")});

  expect_who(carol, "carol", "#nowhere", {});
  expect_quiet(carol);
}

TEST_CASE("query: WHO by nick and by wildcard mask") {
  Chatd chatd;
  auto [alice, bob, bert] = chatd.users("alice", "bob", "bert");

  expect_who(alice, "alice", "bob", {who_line("alice", "*", "bob", "H")});
  // Nicks compare case-insensitively; 315 echoes the mask as sent.
  expect_who(alice, "alice", "BOB", {who_line("alice", "*", "bob", "H")});

  expect_who(alice, "alice", "b*", {who_line("alice", "*", "bob", "H"), who_line("alice", "*", "bert", "H")});
  expect_who(alice, "alice", "?ob", {who_line("alice", "*", "bob", "H")});
  expect_who(alice, "alice", "*ERT", {who_line("alice", "*", "bert", "H")});
  // The mask is tried on the real name ("Test User") and the host too.
  expect_who(
      alice, "alice", "*user",
      {who_line("alice", "*", "alice", "H"), who_line("alice", "*", "bob", "H"), who_line("alice", "*", "bert", "H")});
  expect_who(
      alice, "alice", "127.0.0.*",
      {who_line("alice", "*", "alice", "H"), who_line("alice", "*", "bob", "H"), who_line("alice", "*", "bert", "H")});

  // "*", "0" and no mask at all list every visible user.
  const std::vector<std::string> everyone{who_line("alice", "*", "alice", "H"), who_line("alice", "*", "bob", "H"),
                                          who_line("alice", "*", "bert", "H")};
  expect_who(alice, "alice", "*", everyone);
  expect_who(alice, "alice", "0", everyone);
  expect_who(alice, "alice", "", everyone);

  expect_who(alice, "alice", "nobody", {});
  expect_who(alice, "alice", "z*", {});
  expect_quiet(alice);
}

TEST_CASE("query: +i users are hidden from WHO * and WHO #chan for strangers, shown to channel peers") {
  Chatd chatd;
  // carol: shares no channel with bob
  auto [alice, bob, carol] = chatd.users("alice", "bob", "carol");
  join_all("#lab", {&alice, &bob});
  bob.send("MODE bob +i");
  expect_next(bob, ":bob MODE bob :+i");

  expect_who(carol, "carol", "*", {who_line("carol", "*", "alice", "H"), who_line("carol", "*", "carol", "H")});
  expect_who(carol, "carol", "b*", {});
  expect_who(carol, "carol", "#lab", {who_line("carol", "#lab", "alice", "H@")});
  // Asking for the exact nick finds them (WHOIS would anyway).
  expect_who(carol, "carol", "bob", {who_line("carol", "*", "bob", "H")});

  // A channel peer sees bob everywhere.
  expect_who(
      alice, "alice", "*",
      {who_line("alice", "*", "alice", "H"), who_line("alice", "*", "bob", "H"), who_line("alice", "*", "carol", "H")});
  expect_who(alice, "alice", "#lab", {who_line("alice", "#lab", "alice", "H@"), who_line("alice", "#lab", "bob", "H")});

  // bob always sees himself.
  expect_who(bob, "bob", "b*", {who_line("bob", "*", "bob", "H")});

  // Once carol shares a channel with bob, she sees him too; after -i everybody does.
  join_channel(carol, "#lab");
  expect_who(carol, "carol", "b*", {who_line("carol", "*", "bob", "H")});
  auto dave = chatd.registered("dave");
  expect_who(dave, "dave", "b*", {});
  bob.send("MODE bob -i");
  bob.expect("MODE bob :-i");
  expect_who(dave, "dave", "b*", {who_line("dave", "*", "bob", "H")});
  expect_quiet(dave);
}

TEST_CASE("query: WHOIS answers 311 319 312 317 318, with 301 when away") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  const auto signon = std::time(nullptr);
  auto bob = chatd.registered("bob");
  join_channel(alice, "#lab");
  join_channel(alice, "#ops");
  join_channel(bob, "#lab");
  join_channel(bob, "#bob");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #lab");

  bob.send("WHOIS ALICE");
  expect_next(bob, ":test.chatd 311 bob alice alice 127.0.0.1 * :Test User");
  expect_next(bob, ":test.chatd 319 bob alice :@#lab @#ops");
  expect_next(bob, ":test.chatd 312 bob alice test.chatd :chatd");
  std::smatch idle;
  const std::string line = next_line(bob);
  REQUIRE(
      std::regex_match(line, idle, std::regex(R"(:test\.chatd 317 bob alice (\d+) (\d+) :seconds idle, signon time)")));
  CHECK(std::stoll(idle[1].str()) <= 5);
  CHECK(std::stoll(idle[2].str()) >= signon - 5);
  CHECK(std::stoll(idle[2].str()) <= std::time(nullptr));
  expect_next(bob, ":test.chatd 318 bob alice :End of /WHOIS list");

  alice.send("AWAY :out to lunch");
  alice.expect(" 306 ");
  alice.send("WHOIS bob");
  expect_next(alice, ":test.chatd 311 alice bob bob 127.0.0.1 * :Test User");
  expect_next(alice, ":test.chatd 319 alice bob :#lab @#bob");
  expect_next(alice, ":test.chatd 312 alice bob test.chatd :chatd");
  expect_next_re(alice, R"(:test\.chatd 317 alice bob \d+ \d+ :seconds idle, signon time)");
  expect_next(alice, ":test.chatd 318 alice bob :End of /WHOIS list");
  bob.send("WHOIS alice");
  bob.expect(" 312 ");
  expect_next(bob, ":test.chatd 301 bob alice :out to lunch");
  expect_next_re(bob, R"(:test\.chatd 317 bob alice \d+ \d+ :seconds idle, signon time)");
  expect_next(bob, ":test.chatd 318 bob alice :End of /WHOIS list");

  // A user on no channel gets no 319 at all.
  auto carol = chatd.registered("carol");
  alice.send("WHOIS carol");
  expect_next(alice, ":test.chatd 311 alice carol carol 127.0.0.1 * :Test User");
  expect_next(alice, ":test.chatd 312 alice carol test.chatd :chatd");
  expect_next_re(alice, R"(:test\.chatd 317 alice carol \d+ \d+ :seconds idle, signon time)");
  expect_next(alice, ":test.chatd 318 alice carol :End of /WHOIS list");
  expect_quiet({&alice, &bob});
}

TEST_CASE("query: WHOIS of an unknown nick is 401 then 318; the 'WHOIS server nick' form; 461") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");

  alice.send("WHOIS nobody");
  expect_next(alice, ":test.chatd 401 alice nobody :No such nick/channel");
  expect_next(alice, ":test.chatd 318 alice nobody :End of /WHOIS list");

  // "WHOIS <server> <nick>" and "WHOIS <nick> <nick>" (asking the user's own server) are the same here.
  for (const char* command : {"WHOIS test.chatd bob", "WHOIS bob bob"}) {
    alice.send(command);
    expect_next(alice, ":test.chatd 311 alice bob bob 127.0.0.1 * :Test User");
    expect_next(alice, ":test.chatd 312 alice bob test.chatd :chatd");
    expect_next_re(alice, R"(:test\.chatd 317 alice bob \d+ \d+ :seconds idle, signon time)");
    expect_next(alice, ":test.chatd 318 alice bob :End of /WHOIS list");
  }

  // A comma list gets one answer per nick, in order.
  alice.send("WHOIS nobody,bob");
  expect_next(alice, ":test.chatd 401 alice nobody :No such nick/channel");
  expect_next(alice, ":test.chatd 318 alice nobody :End of /WHOIS list");
  expect_next(alice, ":test.chatd 311 alice bob bob 127.0.0.1 * :Test User");
  alice.expect(" 318 alice bob ");

  alice.send("WHOIS");
  expect_next(alice, ":test.chatd 461 alice WHOIS :Not enough parameters");
  expect_quiet(alice);
}

TEST_CASE("query: AWAY sets (306) and unsets (305); the text is cut at AWAYLEN") {
  Chatd chatd;
  std::vector<std::string> welcome;
  auto alice = chatd.registered("alice", welcome);
  CHECK(any_contains(welcome, " AWAYLEN=200 "));
  auto bob = chatd.registered("bob");

  alice.send("AWAY :gone: for now");
  expect_next(alice, ":test.chatd 306 alice :You have been marked as being away");
  bob.send("USERHOST alice");
  expect_next(bob, ":test.chatd 302 bob :alice=-alice@127.0.0.1");
  alice.send("AWAY");
  expect_next(alice, ":test.chatd 305 alice :You are no longer marked as being away");
  bob.send("USERHOST alice");
  expect_next(bob, ":test.chatd 302 bob :alice=+alice@127.0.0.1");
  alice.send("AWAY :");  // an empty text unsets too
  expect_next(alice, ":test.chatd 305 alice :You are no longer marked as being away");

  const std::string long_text = std::string(199, 'x') + "\xC3\xA9" + "tail";  // 'é' straddles byte 200
  alice.send("AWAY :" + long_text);
  expect_next(alice, ":test.chatd 306 alice :You have been marked as being away");
  bob.send("PRIVMSG alice :ping");
  expect_next(bob, ":test.chatd 301 bob alice :" + std::string(199, 'x'));
  expect_next(alice, ":bob!bob@127.0.0.1 PRIVMSG alice :ping");
  alice.send("AWAY");
  expect_next(alice, ":test.chatd 305 alice :You are no longer marked as being away");
  expect_quiet({&alice, &bob});
}

TEST_CASE("query: ISON lists only online nicks, as registered, whichever way they are sent") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "Bob");

  alice.send("ISON alice nobody BOB");
  expect_next(alice, ":test.chatd 303 alice :alice Bob");
  alice.send("ISON :alice nobody bob");
  expect_next(alice, ":test.chatd 303 alice :alice Bob");
  alice.send("ISON nobody :bob  alice");
  expect_next(alice, ":test.chatd 303 alice :Bob alice");
  alice.send("ISON nobody ghost");
  expect_next(alice, ":test.chatd 303 alice :");
  alice.send("ISON");
  expect_next(alice, ":test.chatd 461 alice ISON :Not enough parameters");

  bob.send("QUIT");
  bob.read_until_closed();
  alice.send("ISON alice bob");
  expect_next(alice, ":test.chatd 303 alice :alice");
  expect_quiet(alice);
}

TEST_CASE("query: USERHOST answers nick=+user@host, '-' when away, skips unknown nicks") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  bob.send("AWAY :away");
  bob.expect(" 306 ");

  alice.send("USERHOST alice");
  expect_next(alice, ":test.chatd 302 alice :alice=+alice@127.0.0.1");
  alice.send("USERHOST ALICE nobody bob");
  expect_next(alice, ":test.chatd 302 alice :alice=+alice@127.0.0.1 bob=-bob@127.0.0.1");
  alice.send("USERHOST nobody");
  expect_next(alice, ":test.chatd 302 alice :");
  // At most five nicks (RFC 1459 4.8.5, TARGMAX USERHOST:5): a sixth gets 407, not silence.
  alice.send("USERHOST n1 n2 n3 n4 n5 alice");
  expect_next(alice, ":test.chatd 407 alice alice :Too many targets");
  alice.send("USERHOST");
  expect_next(alice, ":test.chatd 461 alice USERHOST :Not enough parameters");
  expect_quiet(alice);
}

TEST_CASE("query: MOTD sends 375, one 372 per line and 376; 422 when there is none") {
  {
    Chatd chatd({.server = "motd = \"first line\\nsecond: line\"\n"});
    auto alice = chatd.registered("alice");
    alice.send("MOTD");
    expect_next(alice, ":test.chatd 375 alice :- test.chatd Message of the day - ");
    expect_next(alice, ":test.chatd 372 alice :- first line");
    expect_next(alice, ":test.chatd 372 alice :- second: line");
    expect_next(alice, ":test.chatd 376 alice :End of /MOTD command");
    expect_quiet(alice);
  }
  {
    Chatd chatd({.server = "motd = \"\"\n"});
    std::vector<std::string> welcome;
    auto alice = chatd.registered("alice", welcome);
    REQUIRE_FALSE(welcome.empty());
    CHECK(welcome.back() == ":test.chatd 422 alice :MOTD File is missing");
    alice.send("MOTD");
    expect_next(alice, ":test.chatd 422 alice :MOTD File is missing");
    expect_quiet(alice);
  }
}

TEST_CASE("query: LUSERS counts follow connects, +i, unregistered connections, channels and quits") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  CHECK(wait_no_unknown(alice));
  expect_lusers(alice, lusers_lines("alice", 1, 0, 0, 0, 1, 1));

  auto bob = chatd.registered("bob");
  bob.send("MODE bob +i");
  bob.expect(" MODE bob ");
  // A connection that has not registered: its PONG proves the server has taken it in.
  IrcClient lurker = chatd.connect();
  lurker.send("PING :here");
  lurker.expect("PONG");
  expect_lusers(alice, lusers_lines("alice", 1, 1, 1, 0, 2, 2));

  join_channel(alice, "#a");
  join_channel(bob, "#b");
  join_channel(bob, "#a");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #a");
  expect_lusers(alice, lusers_lines("alice", 1, 1, 1, 2, 2, 2));

  bob.send("QUIT");
  bob.read_until_closed();
  expect_next(alice, ":bob!bob@127.0.0.1 QUIT :Quit");
  expect_lusers(alice, lusers_lines("alice", 1, 0, 1, 1, 1, 2));  // #b went with bob

  lurker.close();
  CHECK(wait_no_unknown(alice));
  expect_lusers(alice, lusers_lines("alice", 1, 0, 0, 1, 1, 2));
  expect_quiet(alice);
}

TEST_CASE("query: VERSION answers 351 and TIME answers 391, both naming this server") {
  Chatd chatd;
  auto alice = chatd.registered("alice");
  alice.send("VERSION");
  expect_next_re(alice, R"(:test\.chatd 351 alice chatd-[0-9]+\.[0-9]+\.[0-9]+\S* test\.chatd :.+)");
  alice.send("TIME");
  expect_next_re(alice, R"(:test\.chatd 391 alice test\.chatd :\S.*\d\d:\d\d:\d\d.*)");
  expect_quiet(alice);
}
