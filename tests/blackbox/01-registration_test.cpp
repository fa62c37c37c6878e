// Black-box tests of connection registration and the basic protocol: the welcome burst (001-005,
// LUSERS, MOTD), CAP negotiation, PASS, the registration-time errors, NICK changes, PING, line
// framing and the byte-level rules (512-byte lines, NUL, UTF-8). Each case starts a real chatd
// on its own port and checks the exact lines RFC 1459/2812 (and ngircd/InspIRCd practice) expect.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"

using namespace chatd::test;
using namespace chatd::test::protocol;
using namespace std::string_literals;

TEST_CASE("reg: NICK then USER gets the exact welcome burst, ISUPPORT, LUSERS and the MOTD") {
  Chatd chatd({.server = "network = \"TestNet\"\nmotd = \"First line\\nSecond line\"\n"});
  IrcClient alice = connect_and_send(chatd, {"NICK alice", "USER alice 0 * :Alice Liddell"});
  auto lines = lines_through(alice, " 376 ");
  REQUIRE(lines.size() >= 12);

  CHECK(lines[0] == ":test.chatd 001 alice :Welcome to the TestNet Network, alice!alice@127.0.0.1");
  CHECK(lines[1] == ":test.chatd 002 alice :Your host is test.chatd, running version chatd-0.1.0");
  CHECK(lines[2].rfind(":test.chatd 003 alice :This server was created ", 0) == 0);
  CHECK(lines[3] == ":test.chatd 004 alice test.chatd chatd-0.1.0 Biow Ibeiklmnostv Ibeklov");

  // The replies come in the RFC order: 001-005, then LUSERS, then the MOTD.
  std::vector<std::string> codes;
  for (const auto& line : lines) codes.push_back(numeric_code(line));
  std::vector<std::string> order{"001", "002", "003", "004", "005", "251", "254", "255", "265", "266", "375"};
  std::size_t at = 0;
  for (const auto& code : codes) {
    if (at < order.size() && code == order[at]) ++at;
  }
  CHECK_MESSAGE(at == order.size(), "numerics out of order or missing");

  auto isupport = with_code(lines, "005");
  REQUIRE_FALSE(isupport.empty());
  std::string tokens;
  for (const auto& line : isupport) {
    CHECK(line.rfind(":test.chatd 005 alice ", 0) == 0);
    const std::string tail = " :are supported by this server";
    REQUIRE(line.size() > tail.size());
    CHECK(line.compare(line.size() - tail.size(), tail.size(), tail) == 0);
    // Clients expect at most 13 tokens per line: nick + 13 tokens + the trailing words.
    std::string middle = line.substr(22, line.size() - 22 - tail.size());
    CHECK(std::count(middle.begin(), middle.end(), ' ') <= 12);
    tokens += " " + middle;
  }
  tokens += " ";
  for (const char* token : {" CASEMAPPING=rfc1459 ", " CHANTYPES=# ", " NICKLEN=30 ", " CHANNELLEN=50 ",
                            " TOPICLEN=390 ", " NETWORK=TestNet "}) {
    CHECK_MESSAGE(tokens.find(token) != std::string::npos, "missing ISUPPORT token" << token << "in" << tokens);
  }
  CHECK(tokens.find(" PREFIX=(ov)@+ ") != std::string::npos);
  CHECK(tokens.find(" CHANMODES=") != std::string::npos);

  CHECK(with_code(lines, "251") ==
        std::vector<std::string>{":test.chatd 251 alice :There are 1 users and 0 invisible on 1 servers"});
  CHECK(with_code(lines, "254") == std::vector<std::string>{":test.chatd 254 alice 0 :channels formed"});
  CHECK(with_code(lines, "255") == std::vector<std::string>{":test.chatd 255 alice :I have 1 clients and 0 servers"});
  CHECK(with_code(lines, "265") == std::vector<std::string>{":test.chatd 265 alice 1 1 :Current local users 1, max 1"});
  CHECK(with_code(lines, "266") ==
        std::vector<std::string>{":test.chatd 266 alice 1 1 :Current global users 1, max 1"});

  const std::size_t n = lines.size();
  CHECK(lines[n - 4] == ":test.chatd 375 alice :- test.chatd Message of the day - ");
  CHECK(lines[n - 3] == ":test.chatd 372 alice :- First line");
  CHECK(lines[n - 2] == ":test.chatd 372 alice :- Second line");
  CHECK(lines[n - 1] == ":test.chatd 376 alice :End of /MOTD command");
  alice.expect_silence(200);

  // A second user and a channel show up in the counts; MOTD and LUSERS answer on demand.
  IrcClient bob = chatd.registered("bob");
  join_channel(bob, "#lobby");
  IrcClient pending = chatd.connect();  // not registered yet: an "unknown connection"
  pending.send("NICK pending");
  fence(pending);
  alice.send("LUSERS");
  expect_next(alice, ":test.chatd 251 alice :There are 2 users and 0 invisible on 1 servers");
  expect_next(alice, ":test.chatd 253 alice 1 :unknown connection(s)");
  expect_next(alice, ":test.chatd 254 alice 1 :channels formed");
  expect_next(alice, ":test.chatd 255 alice :I have 2 clients and 0 servers");
  expect_next(alice, ":test.chatd 265 alice 2 2 :Current local users 2, max 2");
  expect_next(alice, ":test.chatd 266 alice 2 2 :Current global users 2, max 2");
  alice.send("MOTD");
  expect_next(alice, ":test.chatd 375 alice :- test.chatd Message of the day - ");
  expect_next(alice, ":test.chatd 372 alice :- First line");
  expect_next(alice, ":test.chatd 372 alice :- Second line");
  expect_next(alice, ":test.chatd 376 alice :End of /MOTD command");
  fence(alice);
}

TEST_CASE("reg: an empty motd means no MOTD: 422 at registration and on MOTD") {
  Chatd chatd({.server = "motd = \"\"\n"});
  IrcClient alice = connect_and_send(chatd, {"NICK alice", "USER alice 0 * :Alice"});
  auto lines = lines_through(alice, R"( (376|422) )");
  CHECK(lines.back() == ":test.chatd 422 alice :MOTD File is missing");
  CHECK(with_code(lines, "375").empty());
  CHECK(with_code(lines, "372").empty());
  alice.send("MOTD");
  expect_next(alice, ":test.chatd 422 alice :MOTD File is missing");
}

TEST_CASE("reg: the default network name is announced when none is configured") {
  Chatd chatd;
  IrcClient alice = connect_and_send(chatd, {"NICK alice", "USER alice 0 * :Alice"});
  expect_next(alice, ":test.chatd 001 alice :Welcome to the chatd Network, alice!alice@127.0.0.1");
  auto lines = lines_through(alice, " 376 ");
  bool network = false;
  for (const auto& line : with_code(lines, "005"))
    network = network || line.find(" NETWORK=chatd ") != std::string::npos;
  CHECK(network);
  CHECK(lines.back() == ":test.chatd 376 alice :End of /MOTD command");
  CHECK(with_code(lines, "372") == std::vector<std::string>{":test.chatd 372 alice :- Welcome to chatd"});
}

TEST_CASE("reg: USER before NICK registers too, and the username is cleaned") {
  Chatd chatd;
  IrcClient bob = chatd.connect();
  bob.send("USER b@d!user 0 * :Bob Builder");
  bob.expect_silence(200);
  bob.send("NICK bob");
  expect_next(bob, ":test.chatd 001 bob :Welcome to the chatd Network, bob!bduser@127.0.0.1");
  bob.expect(" 376 ");
}

TEST_CASE("reg: CAP LS 302 holds registration until CAP END; LIST, REQ and unknown subcommands") {
  Chatd chatd;
  IrcClient alice = chatd.connect();
  alice.send("CAP LS 302");
  expect_next(alice,
              ":test.chatd CAP * LS :away-notify batch cap-notify draft/chathistory draft/event-playback echo-message "
              "extended-monitor "
              "invite-notify "
              "labeled-response message-tags multi-prefix server-time setname userhost-in-names");
  alice.send("NICK alice");
  alice.send("USER alice 0 * :Alice");
  alice.expect_silence(400);  // no 001 while negotiating

  alice.send("CAP LIST");
  expect_next(alice, ":test.chatd CAP alice LIST :cap-notify");  // implied by 302
  alice.send("CAP REQ :multi-prefix sasl");
  expect_next(alice, ":test.chatd CAP alice NAK :multi-prefix sasl");
  alice.send("CAP BOGUS");
  expect_next(alice, ":test.chatd 410 alice BOGUS :Invalid CAP command");
  alice.send("CAP :two words");
  expect_next(alice, ":test.chatd 410 alice two :Invalid CAP command");
  alice.send("cap ls");  // subcommands are case-insensitive like commands
  expect_next(alice,
              ":test.chatd CAP alice LS :away-notify batch cap-notify draft/chathistory draft/event-playback "
              "echo-message extended-monitor "
              "invite-notify "
              "labeled-response message-tags multi-prefix server-time setname userhost-in-names");
  alice.expect_silence(200);

  alice.send("CAP END");
  expect_next(alice, ":test.chatd 001 alice :Welcome to the chatd Network, alice!alice@127.0.0.1");
  alice.expect(" 376 ");

  // After registration CAP still answers, and CAP END is a no-op.
  alice.send("CAP LS 302");
  expect_next(alice,
              ":test.chatd CAP alice LS :away-notify batch cap-notify draft/chathistory draft/event-playback "
              "echo-message extended-monitor "
              "invite-notify "
              "labeled-response message-tags multi-prefix server-time setname userhost-in-names");
  alice.send("CAP END");
  fence(alice);
}

TEST_CASE("reg: CAP REQ alone also holds registration until CAP END") {
  Chatd chatd;
  IrcClient bob = connect_and_send(chatd, {"NICK bob", "CAP REQ :away-notify"});
  expect_next(bob, ":test.chatd CAP bob ACK :away-notify");
  bob.send("USER bob 0 * :Bob");
  bob.expect_silence(300);
  bob.send("CAP END");
  bob.expect_re("^:test.chatd 001 bob ");
}

TEST_CASE("reg: PASS with a server password: wrong or missing is refused, right registers") {
  Chatd chatd({.server = "password = \"s3cret\"\n"});

  SUBCASE("a wrong password gets 464 and the link is closed") {
    IrcClient c = connect_and_send(chatd, {"PASS wrong", "NICK alice", "USER alice 0 * :Alice"});
    auto lines = c.read_until_closed();
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == ":test.chatd 464 alice :Password incorrect");
    CHECK(lines[1] == "ERROR :Closing link: alice[127.0.0.1] (Bad password)");
  }

  SUBCASE("no PASS at all gets 464 too") {
    IrcClient c = connect_and_send(chatd, {"NICK alice", "USER alice 0 * :Alice"});
    auto lines = c.read_until_closed();
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == ":test.chatd 464 alice :Password incorrect");
    CHECK(lines[1].rfind("ERROR :Closing link: alice[127.0.0.1]", 0) == 0);
  }

  SUBCASE("the right password registers; the refused nick was released; PASS again is 462") {
    {
      IrcClient refused = connect_and_send(chatd, {"PASS nope", "NICK alice", "USER alice 0 * :Alice"});
      refused.read_until_closed();
    }
    IrcClient alice = connect_and_send(chatd, {"PASS s3cret", "NICK alice", "USER alice 0 * :Alice"});
    expect_next(alice, ":test.chatd 001 alice :Welcome to the chatd Network, alice!alice@127.0.0.1");
    alice.expect(" 376 ");
    alice.send("PASS s3cret");
    expect_next(alice, ":test.chatd 462 alice :You may not reregister");
    alice.send("PASS");
    expect_next(alice, ":test.chatd 461 alice PASS :Not enough parameters");
  }

  SUBCASE("the last PASS before registration counts") {
    IrcClient c = connect_and_send(chatd, {"PASS wrong", "PASS s3cret", "NICK carol", "USER carol 0 * :Carol"});
    c.expect_re("^:test.chatd 001 carol ");
  }
}

TEST_CASE("reg: registration errors 431, 432, 433, 451, 461, 462 and 421") {
  Chatd chatd;
  IrcClient alice = chatd.registered("alice");
  IrcClient c = chatd.connect();

  c.send("NICK");
  expect_next(c, ":test.chatd 431 * :No nickname given");
  c.send("NICK :");
  expect_next(c, ":test.chatd 431 * :No nickname given");

  for (const char* bad : {"1abc", "-abc", "bad!nick", "bad@nick", "bad.nick", "bad*", "#chan", "n\xc3\xa9"}) {
    c.send(std::string("NICK ") + bad);
    expect_next(c, std::string(":test.chatd 432 * ") + bad + " :Erroneous nickname");
  }
  // What is echoed back stays one middle parameter even when the client sent spaces or ':'.
  c.send("NICK :bad nick");
  expect_next(c, ":test.chatd 432 * bad :Erroneous nickname");
  c.send("NICK ::colon");
  expect_next(c, ":test.chatd 432 * * :Erroneous nickname");
  const std::string nick31(31, 'n');
  c.send("NICK " + nick31);
  expect_next(c, ":test.chatd 432 * " + nick31 + " :Erroneous nickname");

  c.send("NICK alice");
  expect_next(c, ":test.chatd 433 * alice :Nickname is already in use");
  c.send("NICK ALICE");  // rfc1459 casemapping: A-Z fold to a-z
  expect_next(c, ":test.chatd 433 * ALICE :Nickname is already in use");

  c.send("JOIN #lobby");
  expect_next(c, ":test.chatd 451 * :You have not registered");
  c.send("PRIVMSG alice :hi");
  expect_next(c, ":test.chatd 451 * :You have not registered");

  c.send("USER carol 0 *");
  expect_next(c, ":test.chatd 461 * USER :Not enough parameters");
  c.send("USER carol");
  expect_next(c, ":test.chatd 461 * USER :Not enough parameters");

  // Exactly NICKLEN characters is fine; the special characters []\`_^{|} and '-' are allowed.
  const std::string nick30 = "[c]\\`_^{|}-" + std::string(19, 'c');
  REQUIRE(nick30.size() == 30);
  c.send("NICK " + nick30);
  c.send("USER carol 0 * :Carol");
  c.expect("001 " + nick30 + " :Welcome");
  c.expect(" 376 ");

  c.send("USER carol 0 * :Carol");
  expect_next(c, ":test.chatd 462 " + nick30 + " :You may not reregister");
  c.send("JOIN");
  expect_next(c, ":test.chatd 461 " + nick30 + " JOIN :Not enough parameters");
  c.send("FOOBAR baz");
  expect_next(c, ":test.chatd 421 " + nick30 + " FOOBAR :Unknown command");
  c.send("averyveryverylongunknowncommand");
  expect_next(c, ":test.chatd 421 " + nick30 + " averyveryverylongunknowncommand :Unknown command");
  fence(alice);
}

TEST_CASE("reg: USER twice before registration is 462 and the first USER stands") {
  Chatd chatd;
  IrcClient c = connect_and_send(chatd, {"USER first 0 * :First", "USER second 0 * :Second"});
  expect_next(c, ":test.chatd 462 * :You may not reregister");
  c.send("NICK dave");
  expect_next(c, ":test.chatd 001 dave :Welcome to the chatd Network, dave!first@127.0.0.1");
}

TEST_CASE("reg: nick collisions follow rfc1459 casemapping") {
  Chatd chatd;
  auto [a, b, c] = chatd.users("Alice", "[a]", "x\\y");

  IrcClient d = chatd.connect();
  for (const char* taken : {"alice", "ALICE", "{a}", "{A]", "x|y", "X\\Y", "X|Y"}) {
    d.send(std::string("NICK ") + taken);
    expect_next(d, std::string(":test.chatd 433 * ") + taken + " :Nickname is already in use");
  }
  // A registered user is refused the same way, with its own nick in the reply.
  a.send("NICK {A}");
  expect_next(a, ":test.chatd 433 Alice {A} :Nickname is already in use");
  // Changing only the case of one's own nick is allowed.
  a.send("NICK ALICE");
  expect_next(a, ":Alice!Alice@127.0.0.1 NICK :ALICE");
  d.send("NICK alice");
  expect_next(d, ":test.chatd 433 * alice :Nickname is already in use");
  d.send("NICK a");
  d.send("USER d 0 * :D");
  d.expect_re("^:test.chatd 001 a ");
}

TEST_CASE("reg: NICK change is echoed to self and to each channel peer once, not to strangers") {
  Chatd chatd;
  auto [alice, bob, carol, dave] = chatd.users("alice", "bob", "carol", "dave");

  for (const char* chan : {"#one", "#two"}) {
    join_channel(alice, chan);
    join_channel(bob, chan);
    alice.expect(" JOIN ");
  }
  join_channel(carol, "#two");
  alice.expect(" JOIN ");
  bob.expect(" JOIN ");
  join_channel(dave, "#elsewhere");

  alice.send("NICK alicia");
  expect_next(alice, ":alice!alice@127.0.0.1 NICK :alicia");
  fence(alice);
  expect_next(bob, ":alice!alice@127.0.0.1 NICK :alicia");
  fence(bob);
  expect_next(carol, ":alice!alice@127.0.0.1 NICK :alicia");
  fence(carol);
  dave.expect_silence(300);

  // The new nick is in effect everywhere; the old one is free again.
  bob.send("PRIVMSG alicia :hello");
  expect_next(alice, ":bob!bob@127.0.0.1 PRIVMSG alicia :hello");
  dave.send("NICK alice");
  expect_next(dave, ":dave!dave@127.0.0.1 NICK :alice");
  alice.send("NICK alicia");  // no change: no reply
  fence(alice);

  // A user in no channel hears only its own change.
  dave.send("NICK dave2");
  expect_next(dave, ":alice!dave@127.0.0.1 NICK :dave2");
  alice.expect_silence(200);
}

TEST_CASE("reg: PING gets PONG from the server, PING without origin gets 409") {
  Chatd chatd;
  IrcClient c = chatd.connect();
  // PING works before registration (clients and proxies use it to probe).
  c.send("PING early");
  expect_next(c, ":test.chatd PONG test.chatd :early");
  c.register_as("alice");
  c.send("PING token123");
  expect_next(c, ":test.chatd PONG test.chatd :token123");
  c.send("PING :with spaces here");
  expect_next(c, ":test.chatd PONG test.chatd :with spaces here");
  c.send("PING");
  expect_next(c, ":test.chatd 409 alice :No origin specified");
  c.send("PING :");
  expect_next(c, ":test.chatd 409 alice :No origin specified");
  // An unsolicited PONG is accepted silently.
  c.send("PONG :whatever");
  fence(c);
}

TEST_CASE("reg: command names are case-insensitive") {
  Chatd chatd;
  IrcClient alice = connect_and_send(chatd, {"nick alice", "uSeR alice 0 * :Alice"});
  alice.expect_re("^:test.chatd 001 alice ");
  alice.expect(" 376 ");
  IrcClient bob = chatd.registered("bob");

  alice.send("Join #Mixed");
  expect_next(alice, ":alice!alice@127.0.0.1 JOIN #Mixed");
  alice.expect(" 366 ");
  bob.send("privmsg alice :lower case");
  expect_next(alice, ":bob!bob@127.0.0.1 PRIVMSG alice :lower case");
  bob.send("PrivMsg #mixed :to the channel");
  expect_next(bob, ":test.chatd 404 bob #Mixed :Cannot send to channel");
  bob.send("join #MIXED");
  expect_next(bob, ":bob!bob@127.0.0.1 JOIN #Mixed");
  bob.expect(" 366 ");
  expect_next(alice, ":bob!bob@127.0.0.1 JOIN #Mixed");
  bob.send("PrivMsg #mixed :to the channel");
  expect_next(alice, ":bob!bob@127.0.0.1 PRIVMSG #Mixed :to the channel");
  alice.send("ping :x");
  expect_next(alice, ":test.chatd PONG test.chatd :x");
}

TEST_CASE("reg: framing: LF-only endings, several commands per segment, one command in many segments") {
  Chatd chatd;
  IrcClient bob = chatd.registered("bob");

  IrcClient alice = chatd.connect();
  alice.send_raw("NICK alice\nUSER alice 0 * :Alice\n");
  expect_next(alice, ":test.chatd 001 alice :Welcome to the chatd Network, alice!alice@127.0.0.1");
  alice.expect(" 376 ");

  // Three commands (and blank lines, which are ignored) in one write.
  alice.send_raw("JOIN #x\r\n\r\nPRIVMSG bob :one\nPING :after\r\n\n");
  expect_next(alice, ":alice!alice@127.0.0.1 JOIN #x");
  alice.expect(" 366 ");
  expect_next(alice, ":test.chatd PONG test.chatd :after");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :one");

  // One command dribbled out a few bytes at a time, the CR and LF in separate segments.
  for (const char* piece : {"PRI", "VMSG b", "ob :sp", "lit up", "\r", "\n"}) {
    alice.send_raw(piece);
    sleep_ms(30);
  }
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :split up");

  // A partial line followed by a full one in the same segment.
  alice.send_raw("PRIVMSG bob :first ha");
  sleep_ms(30);
  alice.send_raw("lf\r\nPRIVMSG bob :second\r\nPRIVMSG bo");
  sleep_ms(30);
  alice.send_raw("b :third\n");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :first half");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :second");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :third");
  fence(alice);
}

TEST_CASE("reg: 512-byte line limit: 510 bytes + CRLF is accepted, one more gets 417, the client lives on") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");

  const std::string head = "PRIVMSG bob :";
  const std::string exact = head + std::string(510 - head.size(), 'x');
  REQUIRE(exact.size() == 510);

  SUBCASE("exactly 512 bytes with CR LF") {
    alice.send(exact);
    fence(alice);  // no 417
    auto got = bob.read_line();
    REQUIRE(got.has_value());
    // The relayed line gains a prefix, so the server cuts the text to keep its own 512 limit.
    CHECK(got->rfind(":alice!alice@127.0.0.1 PRIVMSG bob :xxxx", 0) == 0);
    CHECK(got->size() == 510);
    CHECK(got->find_first_not_of('x', std::string(":alice!alice@127.0.0.1 PRIVMSG bob :").size()) == std::string::npos);
  }

  SUBCASE("exactly 511 bytes with LF only") {
    alice.send_raw(exact + "\n");
    fence(alice);
    CHECK(bob.read_line().has_value());
  }

  SUBCASE("513 bytes with CR LF") {
    alice.send(exact + "y");
    expect_next(alice, ":test.chatd 417 alice :Input line was too long");
    fence(alice);
    bob.expect_silence(200);
  }

  SUBCASE("512 bytes with LF only (511 before the LF)") {
    alice.send_raw(exact + "y\n");
    expect_next(alice, ":test.chatd 417 alice :Input line was too long");
    fence(alice);
    bob.expect_silence(200);
  }

  SUBCASE("514 bytes and far longer lines, also split across segments") {
    alice.send(exact + "yz");
    expect_next(alice, ":test.chatd 417 alice :Input line was too long");
    alice.send(head + std::string(5000, 'q'));
    expect_next(alice, ":test.chatd 417 alice :Input line was too long");
    alice.send_raw(head + std::string(400, 'a'));
    sleep_ms(30);
    alice.send_raw(std::string(400, 'b'));
    sleep_ms(30);
    alice.send_raw(std::string(400, 'c') + "\r\nPRIVMSG bob :still here\r\n");
    expect_next(alice, ":test.chatd 417 alice :Input line was too long");
    fence(alice);
    expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :still here");
  }

  SUBCASE("invalid UTF-8 in a line of exactly 510 bytes does not push it over the limit") {
    // Each invalid byte becomes a 3-byte U+FFFD, but the limit is on what the client sent.
    alice.send(head + std::string(510 - head.size(), '\xff'));
    fence(alice);
    CHECK(bob.read_line().has_value());
  }
}

TEST_CASE("reg: a line with a NUL byte is dropped with a NOTICE and the client lives on") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  alice.send_raw("PRIVMSG bob :before\0after\r\n"s);
  expect_next(alice, ":test.chatd NOTICE alice :Line dropped: it contains a NUL byte");
  fence(alice);
  bob.expect_silence(200);
  alice.send("PRIVMSG bob :clean");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :clean");

  // Before registration the NOTICE goes to "*".
  IrcClient c = chatd.connect();
  c.send_raw("NICK \0x\r\n"s);
  expect_next(c, ":test.chatd NOTICE * :Line dropped: it contains a NUL byte");
}

TEST_CASE("reg: invalid UTF-8 reaches the peer with U+FFFD replacements; valid UTF-8 is untouched") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");

  alice.send("PRIVMSG bob :caf\xe9 ok \xff\xfe end \xc3");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :caf\xef\xbf\xbd ok \xef\xbf\xbd\xef\xbf\xbd end \xef\xbf\xbd");

  // An overlong encoding and a UTF-16 surrogate are not valid UTF-8 either.
  alice.send("PRIVMSG bob :\xc0\xaf|\xed\xa0\x80|");
  expect_next(bob,
              ":alice!alice@127.0.0.1 PRIVMSG bob :\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|");

  const std::string valid = "h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93 \xf0\x9f\x98\x80";
  alice.send("PRIVMSG bob :" + valid);
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :" + valid);
  fence(alice);
}
