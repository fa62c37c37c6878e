// Black-box tests of IRCv3 message ids: a msgid on every relayed PRIVMSG, NOTICE and TAGMSG
// for clients with message-tags, the same for every recipient and the echo, unique and
// time-ordered across restarts; and the message-tags size limits around it.
#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <string>

#include "support/irc_client.hpp"
#include "support/protocol.hpp"

namespace {

using chatd::test::IrcClient;
using namespace chatd::test::protocol;

// The msgid of a line, or "" (and a failure) when it has none.
std::string msgid_of(const std::string& line, Where where = Where::current()) {
  std::smatch m;
  if (!std::regex_search(line, m, std::regex("^@(?:\\S*;)?msgid=([0-9a-z]{24})[; ]"))) {
    fail_at(where, "no msgid in\n  " + line);
    return "";
  }
  return m[1];
}

}  // namespace

TEST_CASE("msgid: PRIVMSG, NOTICE and TAGMSG carry one msgid, the same for every recipient and the echo") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", "echo-message message-tags");
  IrcClient bob = registered_with_caps(chatd, "bob", "message-tags server-time");
  IrcClient carol = chatd.registered("carol");
  join_channel(alice, "#m");
  join_channel(bob, "#m");
  join_channel(carol, "#m");
  alice.drain();
  bob.drain();

  std::set<std::string> ids;
  std::string last;
  for (const char* command : {"PRIVMSG #m :one", "NOTICE #m :two", "@+react=x TAGMSG #m", "PRIVMSG bob :three"}) {
    alice.send(command);
    const std::string echoed = next_line(alice);
    const std::string got = next_line(bob);
    const std::string id = msgid_of(echoed);
    CHECK(msgid_of(got) == id);
    // server-time comes first for bob; the id sits between it and any client tag.
    CHECK(std::regex_search(got, std::regex("^@time=[^;]+;msgid=" + id + "[; ]")));
    CHECK(ids.insert(id).second);
    CHECK(id > last);  // later ids sort later
    last = id;
  }
  // Clients without message-tags get neither ids nor TAGMSG.
  expect_next(carol, ":alice!alice@127.0.0.1 PRIVMSG #m :one");
  expect_next(carol, ":alice!alice@127.0.0.1 NOTICE #m :two");
  expect_quiet(carol);
  // Other lines (JOIN here) get no msgid.
  join_channel(carol, "#other");
  bob.send("JOIN #other");
  carol.expect(":bob!bob@127.0.0.1 JOIN #other");
  bob.expect_re("^@time=\\S+ :bob!bob@127\\.0\\.0\\.1 JOIN #other$");
}

TEST_CASE("msgid: a restarted server never reuses an id, and its ids sort after the old ones") {
  std::string before;
  {
    Chatd chatd;
    IrcClient alice = registered_with_caps(chatd, "alice", "echo-message message-tags");
    alice.send("PRIVMSG alice :first life");
    before = msgid_of(alice.expect("PRIVMSG alice :first life"));
  }
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", "echo-message message-tags");
  alice.send("PRIVMSG alice :second life");
  const std::string after = msgid_of(alice.expect("PRIVMSG alice :second life"));
  CHECK(after != before);
  CHECK(after > before);
  CHECK(after.substr(10, 8) != before.substr(10, 8));  // a new process part
}

TEST_CASE("msgid: 4094 bytes of client tag data are relayed after the server's tags; 4095 get 417") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", "message-tags");
  IrcClient bob = registered_with_caps(chatd, "bob", "message-tags server-time");
  const std::string exact = "+big=" + std::string(4094 - 5, 'v');
  REQUIRE(exact.size() == 4094);
  alice.send("@" + exact + " PRIVMSG bob :fits");
  const std::string got = bob.expect(" PRIVMSG bob :fits");
  CHECK(std::regex_match(got,
                         std::regex("@time=[^;]+;msgid=[0-9a-z]{24};\\" + exact + " :alice!\\S+ PRIVMSG bob :fits")));
  // The tag section stays within the 8191 bytes IRCv3 allows (with '@' and the space).
  CHECK(got.find(' ') + 1 <= 8191);

  alice.send("@" + exact + "w PRIVMSG bob :too much");
  expect_next(alice, ":test.chatd 417 alice :Input line was too long");
  // Non-client tags count too, and are never relayed.
  alice.send("@" + std::string(4095, 'k') + " PRIVMSG bob :server-looking tags");
  expect_next(alice, ":test.chatd 417 alice :Input line was too long");
  alice.send("@msgid=forged;time=2000-01-01T00:00:00.000Z;bot PRIVMSG bob :no forgery");
  const std::string relayed = bob.expect(":no forgery");
  CHECK(relayed.find("forged") == std::string::npos);
  CHECK(relayed.find("2000-01-01") == std::string::npos);
  CHECK(relayed.find(";bot") == std::string::npos);
  fence(alice);
}
