// Black-box tests of private message history (IRCv3 draft/chathistory with a nick as target):
// a PRIVMSG or NOTICE between two nicks is kept for each party logged in to an account and
// served to that account only, never to another account or to a user logged in to none, by
// any nick or msgid; it survives a restart and goes when its account is deleted.
#include <doctest/doctest.h>

#include <regex>
#include <string>
#include <vector>

#include "support/account_admin.hpp"
#include "support/chatd_fixture.hpp"
#include "support/chatd_process.hpp"
#include "support/protocol.hpp"

namespace {

using chatd::test::AccountAdmin;
using chatd::test::Chatd;
using chatd::test::ChatdConfig;
using chatd::test::contains;
using chatd::test::IrcClient;
using chatd::test::sasl_plain;
using namespace chatd::test::protocol;

constexpr const char* kHistoryCaps = "batch draft/chathistory message-tags server-time";
constexpr const char* kPassword = "correct horse";

// One message as a client with server-time and message-tags saw it.
struct Seen {
  std::string time;
  std::string msgid;
  std::string rest;  // ":alice!alice@127.0.0.1 PRIVMSG bob :text"
  bool operator==(const Seen&) const = default;
};

Seen parse_seen(const std::string& line, Where where = Where::current()) {
  std::smatch m;
  if (!std::regex_search(line, m, std::regex(R"(time=([^; ]+);msgid=([0-9a-z]{24})[^ ]* (:.*)$)"))) {
    fail_at(where, "no time and msgid in\n  " + line);
    return {};
  }
  return {m[1], m[2], m[3]};
}

// The body of the batch that answers a CHATHISTORY request just sent, checking its framing
// (type `type`, and its target when `target` is given).
std::vector<std::string> batch_body(IrcClient& client, const std::string& type, const std::string& target,
                                    Where where = Where::current()) {
  const std::string start = client.expect(" BATCH +", 5000, where);
  std::smatch m;
  if (!std::regex_search(start, m, std::regex(R"( BATCH \+(\S+) (\S+) ?(\S*)$)")) || m[2] != type ||
      (!target.empty() && m[3] != target)) {
    fail_at(where, "expected a " + type + " batch for '" + target + "', got\n  " + start);
    return {};
  }
  const std::string ref = m[1];
  std::vector<std::string> out;
  for (;;) {
    const std::string line = next_line(client);
    if (line == ":test.chatd BATCH -" + ref) break;
    if (line.rfind("@batch=" + ref + ";", 0) != 0 && line.rfind("@batch=" + ref + " ", 0) != 0) {
      fail_at(where, "expected a line of batch " + ref + ", got\n  " + line);
      break;
    }
    out.push_back(line);
  }
  return out;
}

// CHATHISTORY `sub` `target` `rest`: the messages of the chathistory batch for `target`.
std::vector<Seen> ask(IrcClient& client, const std::string& sub, const std::string& target, const std::string& rest,
                      Where where = Where::current()) {
  client.send("CHATHISTORY " + sub + " " + target + " " + rest);
  std::vector<Seen> out;
  for (const std::string& line : batch_body(client, "chathistory", target, where))
    out.push_back(parse_seen(line, where));
  return out;
}

// CHATHISTORY TARGETS over all time: "nick time" for each line of the answer.
std::vector<std::string> targets(IrcClient& client, Where where = Where::current()) {
  client.send("CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00Z timestamp=2999-01-01T00:00:00Z 10");
  std::vector<std::string> out;
  for (const std::string& line : batch_body(client, "draft/chathistory-targets", "", where)) {
    const std::size_t at = line.find(" CHATHISTORY TARGETS ");
    out.push_back(at == std::string::npos ? line : line.substr(at + 21));
  }
  return out;
}

// `client` logs in to `account` with SASL PLAIN and reads up to 903.
void log_in(IrcClient& client, const std::string& account) {
  client.send("AUTHENTICATE PLAIN");
  client.expect("AUTHENTICATE +");
  client.send("AUTHENTICATE " + sasl_plain(account, kPassword));
  client.expect(" 903 ");
}

// A client with the history capabilities, registered as `nick` and logged in to `account`
// ("" for none).
IrcClient user(const Chatd& chatd, const std::string& nick, const std::string& account) {
  IrcClient client = registered_with_caps(chatd, nick, kHistoryCaps);
  if (!account.empty()) log_in(client, account);
  return client;
}

// `from` sends `line`; what `to` (with server-time and message-tags) saw of it.
Seen sent(IrcClient& from, IrcClient& to, const std::string& line) {
  from.send(line);
  return parse_seen(next_line(to));
}

using Seens = std::vector<Seen>;

}  // namespace

TEST_CASE("private history: served only to its account") {
  AccountAdmin admin;
  const ChatdConfig config{.extra = admin.config_extra()};
  Seens said;
  Seen from_dave;
  {
    Chatd chatd(config);
    for (const char* name : {"alice", "bob", "carol"}) admin.add(name, kPassword);
    IrcClient alice = user(chatd, "alice", "alice");
    IrcClient bob = user(chatd, "bob", "bob");
    IrcClient carol = user(chatd, "carol", "carol");
    IrcClient dave = user(chatd, "dave", "");  // logged in to no account

    said.push_back(sent(alice, bob, "PRIVMSG bob :hi bob"));
    said.push_back(sent(bob, alice, "PRIVMSG Alice :hi alice"));
    said.push_back(sent(alice, bob, "NOTICE bob :a notice"));
    said.push_back(sent(bob, alice, "PRIVMSG alice :bye"));
    CHECK(said[0].rest == ":alice!alice@127.0.0.1 PRIVMSG bob :hi bob");
    CHECK(said[1].rest == ":bob!bob@127.0.0.1 PRIVMSG alice :hi alice");

    // Both directions, in order, with the msgids and times seen live, for each side.
    CHECK(ask(alice, "LATEST", "bob", "* 100") == said);
    CHECK(ask(bob, "LATEST", "alice", "* 100") == said);
    CHECK(ask(alice, "LATEST", "BOB", "* 2") == Seens(said.begin() + 2, said.end()));
    CHECK(ask(alice, "BEFORE", "bob", "msgid=" + said[2].msgid + " 10") == Seens(said.begin(), said.begin() + 2));
    CHECK(ask(bob, "AFTER", "alice", "msgid=" + said[0].msgid + " 10") == Seens(said.begin() + 1, said.end()));
    CHECK(ask(alice, "AROUND", "bob", "msgid=" + said[1].msgid + " 2") == Seens(said.begin(), said.begin() + 2));
    CHECK(ask(alice, "BETWEEN", "bob", "msgid=" + said[0].msgid + " msgid=" + said[3].msgid + " 10") ==
          Seens(said.begin() + 1, said.begin() + 3));

    // Another account, and a user logged in to none, see nothing of it by either nick, nor
    // by its msgids.
    CHECK(ask(carol, "LATEST", "bob", "* 100").empty());
    CHECK(ask(carol, "LATEST", "alice", "* 100").empty());
    CHECK(ask(carol, "AROUND", "bob", "msgid=" + said[1].msgid + " 10").empty());
    CHECK(ask(dave, "LATEST", "bob", "* 100").empty());
    CHECK(ask(dave, "LATEST", "alice", "* 100").empty());

    // A message between a user logged in and one logged in to none is kept for the first only.
    from_dave = sent(dave, alice, "PRIVMSG alice :from dave");
    CHECK(ask(alice, "LATEST", "dave", "* 100") == Seens{from_dave});
    CHECK(ask(dave, "LATEST", "alice", "* 100").empty());

    // TARGETS: the channels one is in and one's own account's conversations, oldest first.
    join_channel(alice, "#lab");
    CHECK(targets(alice) == std::vector<std::string>{"bob " + said[3].time, "dave " + from_dave.time});
    CHECK(targets(bob) == std::vector<std::string>{"alice " + said[3].time});
    CHECK(targets(carol).empty());
    CHECK(targets(dave).empty());
    CHECK(chatd.process.stop(SIGTERM) == 0);
  }

  // A restart keeps it; another nick logged in to the same account reads the same.
  Chatd again(config);
  IrcClient ally = user(again, "ally", "alice");
  CHECK(ask(ally, "LATEST", "bob", "* 100") == said);
  CHECK(ask(ally, "LATEST", "dave", "* 100") == Seens{from_dave});

  // Deleting the account deletes its conversations: an account made again under its name
  // starts with none. The other side keeps its own copy.
  CHECK(admin.ctl({"account", "del", "alice"}).status == 0);
  admin.add("alice", kPassword);
  IrcClient alice = user(again, "alice", "alice");
  CHECK(ask(alice, "LATEST", "bob", "* 100").empty());
  CHECK(targets(alice).empty());
  IrcClient bob = user(again, "bob", "bob");
  CHECK(ask(bob, "LATEST", "alice", "* 100") == said);
}

TEST_CASE("private history: a message to oneself is kept once; TAGMSG only for message-tags clients") {
  AccountAdmin admin;
  Chatd chatd({.extra = admin.config_extra()});
  admin.add("alice", kPassword);
  admin.add("bob", kPassword);
  IrcClient alice = user(chatd, "alice", "alice");
  IrcClient bob = user(chatd, "bob", "bob");
  const Seen self = sent(alice, alice, "PRIVMSG alice :note to self");
  CHECK(ask(alice, "LATEST", "alice", "* 100") == Seens{self});

  alice.send("@+typing=active TAGMSG bob");
  const std::string typing = next_line(bob);
  CHECK(contains(typing, "+typing=active"));
  const Seen hello = sent(alice, bob, "PRIVMSG bob :hello");
  bob.send("CHATHISTORY LATEST alice * 10");
  const auto lines = batch_body(bob, "chathistory", "alice");
  REQUIRE(lines.size() == 2);
  CHECK(contains(lines[0], ";+typing=active :alice!alice@127.0.0.1 TAGMSG bob"));
  CHECK(parse_seen(lines[1]) == hello);

  // Without message-tags the TAGMSG is left out (and the line has no msgid to compare).
  IrcClient plain = registered_with_caps(chatd, "bobby", "batch draft/chathistory");
  log_in(plain, "bob");
  plain.send("CHATHISTORY LATEST alice * 10");
  const auto shown = batch_body(plain, "chathistory", "alice");
  REQUIRE(shown.size() == 1);
  CHECK(contains(shown[0], " :alice!alice@127.0.0.1 PRIVMSG bob :hello"));
}
