// Black-box tests of the server's own documentation (issue 13): HELP and HELPOP (704 705 706,
// 524), INFO (371 374) and LINKS (364 365), and USER with an empty real name.
#include <doctest/doctest.h>

#include <string>

#include "support/irc_client.hpp"
#include "support/protocol.hpp"

namespace {

using chatd::test::IrcClient;
using namespace chatd::test::protocol;

}  // namespace

TEST_CASE("info: HELP lists the topics; HELP <command> explains it; HELPOP is the same; 524 for the unknown") {
  Chatd chatd;
  IrcClient alice = chatd.registered("alice");
  alice.send("HELP");
  expect_next(alice, ":test.chatd 704 alice * :** chatd help **");
  expect_next(alice, ":test.chatd 705 alice * :");
  std::string topics = alice.expect(" 705 alice * :Topics: ");
  for (const char* name : {"AWAY", "HELP", "INFO", "LINKS", "PRIVMSG", "WHO", "WHOWAS", "CHANMODES", "CTCP"})
    CHECK(topics.find(std::string(" ") + name) != std::string::npos);
  alice.expect_re("^:test.chatd 706 alice \\* :Try HELP <topic>");

  alice.send("HELP privmsg");
  expect_next(alice, ":test.chatd 704 alice PRIVMSG :** PRIVMSG **");
  expect_next(alice, ":test.chatd 705 alice PRIVMSG :");
  expect_next(alice, ":test.chatd 705 alice PRIVMSG :PRIVMSG <target>{,<target>} :<text>");
  auto lines = lines_through(alice, " 706 alice PRIVMSG :");
  CHECK(lines.size() >= 2);
  alice.send("HELPOP WHOWAS");
  expect_next(alice, ":test.chatd 704 alice WHOWAS :** WHOWAS **");
  lines_through(alice, " 706 alice WHOWAS :");

  alice.send("HELP nonsense");
  expect_next(alice, ":test.chatd 524 alice nonsense :No help available on this topic");
  alice.send("HELP :two words");
  expect_next(alice, ":test.chatd 524 alice two :No help available on this topic");
  expect_quiet(alice);
}

TEST_CASE("info: INFO answers 371 lines and 374; LINKS names this server, or nothing for another mask") {
  Chatd chatd;
  IrcClient alice = chatd.registered("alice");
  alice.send("INFO");
  expect_next(alice, ":test.chatd 371 alice :chatd-0.1.0: a chat server for a LAN");
  auto lines = lines_through(alice, " 374 alice :End of /INFO list");
  CHECK(with_code(lines, "371").size() >= 3);
  CHECK(lines[lines.size() - 2].find(" :Running since ") != std::string::npos);

  alice.send("LINKS");
  expect_next(alice, ":test.chatd 364 alice test.chatd test.chatd :0 chatd chat server");
  expect_next(alice, ":test.chatd 365 alice * :End of /LINKS list");
  alice.send("LINKS *.chatd");
  expect_next(alice, ":test.chatd 364 alice test.chatd test.chatd :0 chatd chat server");
  expect_next(alice, ":test.chatd 365 alice *.chatd :End of /LINKS list");
  alice.send("LINKS elsewhere.example");
  expect_next(alice, ":test.chatd 365 alice elsewhere.example :End of /LINKS list");
  expect_quiet(alice);
}

TEST_CASE("info: USER with an empty real name gets 461, not a welcome; a real one then registers") {
  Chatd chatd;
  IrcClient alice = chatd.connect();
  alice.send("NICK alice");
  alice.send("USER alice 0 * :");
  expect_next(alice, ":test.chatd 461 alice USER :Not enough parameters");
  alice.send("USER alice 0 *");
  expect_next(alice, ":test.chatd 461 alice USER :Not enough parameters");
  expect_quiet(alice);
  alice.send("USER alice 0 * :Alice");
  alice.expect(" 001 alice ");
}
