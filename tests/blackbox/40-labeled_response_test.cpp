// Black-box tests of IRCv3 labeled-response and batch: a label on every reply to a labeled
// command (one line labeled, several in a labeled-response BATCH, none as a labeled ACK),
// echo-message as the labeled reply, the dependency on batch, and garbage labels.
#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "support/irc_client.hpp"
#include "support/protocol.hpp"

namespace {

using chatd::test::IrcClient;
using namespace chatd::test::protocol;

constexpr const char* kLabelCaps = "batch labeled-response";

// Reads a labeled-response batch: the labeled BATCH start, then `body` lines each tagged with
// that batch (regexes for what follows the tag), then the end. Returns the reference.
std::string expect_batch(IrcClient& client, const std::string& label, const std::vector<std::string>& body,
                         Where where = Where::current()) {
  const std::string start = next_line(client);
  std::smatch m;
  if (!std::regex_match(start, m,
                        std::regex("@label=" + label + " :test\\.chatd BATCH \\+([0-9A-Za-z-]+) labeled-response"))) {
    fail_at(where, "expected a labeled-response BATCH start for " + label + ", got\n  " + start);
    return "";
  }
  const std::string ref = m[1];
  for (const auto& pattern : body) {
    const std::string line = next_line(client);
    if (!std::regex_match(line, std::regex("@batch=" + ref + "(;\\S+)? " + pattern))) {
      fail_at(where, "expected in batch " + ref + "\n  /" + pattern + "/\ngot\n  " + line);
    }
  }
  const std::string end = next_line(client);
  if (end != ":test.chatd BATCH -" + ref) fail_at(where, "expected the end of batch " + ref + ", got\n  " + end);
  return ref;
}

}  // namespace

TEST_CASE("label: one reply line carries the label; a command with no reply gets a labeled ACK") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", kLabelCaps);
  IrcClient bob = chatd.registered("bob");
  join_channel(alice, "#l");
  join_channel(bob, "#l");
  alice.drain();

  alice.send("@label=p1 PING :hello");
  expect_next(alice, "@label=p1 :test.chatd PONG test.chatd :hello");
  alice.send("@label=n1 PRIVMSG nobody :hi");
  expect_next(alice, "@label=n1 :test.chatd 401 alice nobody :No such nick/channel");
  alice.send("@label=a1 PONG :x");
  expect_next(alice, "@label=a1 :test.chatd ACK");
  // A channel message without echo-message has no reply for the sender.
  alice.send("@label=m1 PRIVMSG #l :to the channel");
  expect_next(alice, "@label=m1 :test.chatd ACK");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG #l :to the channel");
  alice.send("@label=u1 FROBNICATE");
  expect_next(alice, "@label=u1 :test.chatd 421 alice FROBNICATE :Unknown command");
  // Tags the label does not touch stay in the client's message; unlabeled commands are as before.
  alice.send("@+x=1;label=p2 PING :two");
  expect_next(alice, "@label=p2 :test.chatd PONG test.chatd :two");
  alice.send("PING :plain");
  expect_next(alice, ":test.chatd PONG test.chatd :plain");
}

TEST_CASE("label: several reply lines go in a labeled-response batch, each line tagged with it") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", kLabelCaps);
  IrcClient bob = chatd.registered("bob");
  alice.send("@label=w1 WHOIS bob");
  std::string first = expect_batch(alice, "w1",
                                   {":test\\.chatd 311 alice bob bob 127\\.0\\.0\\.1 \\* :Test User",
                                    ":test\\.chatd 312 alice bob test\\.chatd :chatd",
                                    ":test\\.chatd 317 alice bob \\d+ \\d+ :seconds idle, signon time",
                                    ":test\\.chatd 318 alice bob :End of /WHOIS list"});
  // The JOIN comes through the channel's fan-out, the names from the reply: one response.
  alice.send("@label=j1 JOIN #b");
  std::string second = expect_batch(alice, "j1",
                                    {":alice!alice@127\\.0\\.0\\.1 JOIN #b", ":test\\.chatd 353 alice = #b :@alice",
                                     ":test\\.chatd 366 alice #b :End of /NAMES list"});
  CHECK(first != second);  // each batch has its own reference
  // The channel's other members get their lines without any label or batch.
  join_channel(bob, "#b");
  alice.expect(":bob!bob@127.0.0.1 JOIN #b");
  expect_quiet(alice);
}

TEST_CASE("label: echo-message is the labeled reply; a message to oneself comes twice, one labeled") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", "batch echo-message labeled-response");
  IrcClient bob = chatd.registered("bob");
  alice.send("@label=e1 PRIVMSG bob :hello bob");
  expect_next(alice, "@label=e1 :alice!alice@127.0.0.1 PRIVMSG bob :hello bob");
  expect_next(bob, ":alice!alice@127.0.0.1 PRIVMSG bob :hello bob");

  // Sent and received: only the echo answers the label (IRCv3 labeled-response).
  alice.send("@label=e2 PRIVMSG alice :note to self");
  expect_unordered(alice, {"@label=e2 :alice!alice@127.0.0.1 PRIVMSG alice :note to self",
                           ":alice!alice@127.0.0.1 PRIVMSG alice :note to self"});
  expect_quiet(alice);
}

TEST_CASE("label: labels count only with both labeled-response and batch negotiated") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", "labeled-response");
  alice.send("@label=x1 PING :no batch");
  expect_next(alice, ":test.chatd PONG test.chatd :no batch");
  alice.send("CAP REQ batch");
  expect_next(alice, ":test.chatd CAP alice ACK :batch");
  alice.send("@label=x2 PING :now");
  expect_next(alice, "@label=x2 :test.chatd PONG test.chatd :now");
  IrcClient bob = chatd.registered("bob");  // no capabilities at all
  bob.send("@label=x3 PING :plain");
  expect_next(bob, ":test.chatd PONG test.chatd :plain");
}

TEST_CASE("label: a label that is too long, empty or holds control characters is FAIL and nothing runs") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", kLabelCaps);
  const std::string fail_join =
      ":test.chatd FAIL JOIN INVALID_LABEL :Labels are 1 to 64 bytes without control characters";
  alice.send("@label=" + std::string(65, 'x') + " JOIN #never");
  expect_next(alice, fail_join);
  alice.send("@label= JOIN #never");
  expect_next(alice, fail_join);
  alice.send("@label JOIN #never");
  expect_next(alice, fail_join);
  alice.send("@label=a\\nb JOIN #never");
  expect_next(alice, fail_join);
  alice.send("@label=a\x01z JOIN #never");
  expect_next(alice, fail_join);
  alice.send("@label=" + std::string(4100, 'x') + " JOIN #never");
  expect_next(alice, ":test.chatd 417 alice :Input line was too long");
  // None of the JOINs ran; 64 bytes is fine, and escapes come back canonical.
  alice.send("NAMES #never");
  expect_next(alice, ":test.chatd 366 alice #never :End of /NAMES list");
  alice.send("@label=" + std::string(64, 'y') + " PING :ok");
  expect_next(alice, "@label=" + std::string(64, 'y') + " :test.chatd PONG test.chatd :ok");
  alice.send("@label=a\\sb\\q PING :esc");
  expect_next(alice, "@label=a\\sbq :test.chatd PONG test.chatd :esc");
  alice.send("@label=one;label=two PING :last wins");
  expect_next(alice, "@label=two :test.chatd PONG test.chatd :last wins");
}

TEST_CASE("label: the ERROR closing a labeled QUIT carries the label") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", kLabelCaps);
  alice.send("@label=q1 QUIT :bye");
  auto lines = alice.read_until_closed();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "@label=q1 ERROR :Closing link: alice[127.0.0.1] (Quit: bye)");
}

TEST_CASE("label: registration replies to a labeled USER come as one labeled batch") {
  Chatd chatd;
  IrcClient alice = chatd.connect();
  alice.send("CAP LS 302");
  alice.send("CAP REQ :batch labeled-response");
  alice.expect(" ACK :batch labeled-response");
  alice.send("@label=r1 NICK alice");
  expect_next(alice, "@label=r1 :test.chatd ACK");
  alice.send("@label=r2 CAP END");
  expect_next(alice, "@label=r2 :test.chatd ACK");  // USER is still missing
  alice.send("@label=r3 USER alice 0 * :Alice");
  const std::string start = next_line(alice);
  CHECK(std::regex_match(start, std::regex("@label=r3 :test\\.chatd BATCH \\+\\d+ labeled-response")));
  const std::string ref = start.substr(start.find('+') + 1, start.rfind(' ') - start.find('+') - 1);
  auto lines = lines_through(alice, "^:test\\.chatd BATCH -" + ref + "$");
  REQUIRE(lines.size() > 10);
  CHECK(lines[0] == "@batch=" + ref + " :test.chatd 001 alice :Welcome to the chatd Network, alice!alice@127.0.0.1");
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) CHECK(lines[i].rfind("@batch=" + ref + " :test.chatd ", 0) == 0);
}

TEST_CASE("label: clients cannot open batches: BATCH is an unknown command, a batch tag is not relayed") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", "batch message-tags");
  IrcClient bob = registered_with_caps(chatd, "bob", "batch message-tags");
  alice.send("BATCH +x draft/multiline #c");
  expect_next(alice, ":test.chatd 421 alice BATCH :Unknown command");
  alice.send("@batch=x;+k=v PRIVMSG bob :tagged");
  expect_next_re(bob, "@msgid=[0-9a-z]{24};\\+k=v :alice!alice@127\\.0\\.0\\.1 PRIVMSG bob :tagged");
  expect_quiet(alice);
}
