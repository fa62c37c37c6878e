// Black-box tests of channel history (IRCv3 draft/chathistory, [history] replay_on_join): the
// messages a client saw live come back by every subcommand with the same msgids, times and
// text, survive a restart, and bad requests get FAIL CHATHISTORY, never a crash. Also: the
// chatd_history_* metrics, a [[channel]] that opts out, and lines that came in through a bridge.
#include <doctest/doctest.h>

#include <regex>
#include <string>
#include <vector>

#include "support/bridge_test_util.hpp"
#include "support/chatd_fixture.hpp"
#include "support/chatd_process.hpp"
#include "support/http_client.hpp"
#include "support/protocol.hpp"
#include "support/udp_peer.hpp"

namespace {

using chatd::test::bridge_table;
using chatd::test::Chatd;
using chatd::test::ChatdConfig;
using chatd::test::contains;
using chatd::test::free_port;
using chatd::test::IrcClient;
using chatd::test::join_lan;
using chatd::test::Listener;
using chatd::test::LoopbackHost;
using chatd::test::metrics_table;
using chatd::test::multicast_keys;
using chatd::test::scrape;
using chatd::test::TempDir;
using chatd::test::UdpPeer;
using chatd::test::value_of;
using chatd::test::wait_for_log;
using namespace chatd::test::protocol;

constexpr const char* kHistoryCaps = "batch draft/chathistory message-tags server-time";

// One message as a client with server-time and message-tags saw it.
struct Seen {
  std::string time;
  std::string msgid;
  std::string rest;  // ":alice!alice@127.0.0.1 PRIVMSG #h :text"
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

// Sends CHATHISTORY and returns the messages of the chathistory batch that answers it,
// checking the batch's framing.
std::vector<Seen> ask(IrcClient& client, const std::string& request, Where where = Where::current()) {
  client.send("CHATHISTORY " + request);
  const std::string start = client.expect(" BATCH +", 5000, where);
  std::smatch m;
  REQUIRE(std::regex_search(start, m, std::regex(R"( BATCH \+(\S+) chathistory \S+$)")));
  const std::string ref = m[1];
  std::vector<Seen> out;
  for (;;) {
    const std::string line = next_line(client);
    if (line == ":test.chatd BATCH -" + ref) break;
    if (line.rfind("@batch=" + ref + ";", 0) != 0) {
      fail_at(where, "expected a line of batch " + ref + ", got\n  " + line);
      break;
    }
    out.push_back(parse_seen(line, where));
  }
  return out;
}

// `count` PRIVMSGs from alice to `channel`, as bob (a member with server-time and
// message-tags) saw them.
std::vector<Seen> say(IrcClient& alice, IrcClient& bob, const std::string& channel, int count,
                      const std::string& prefix = "line") {
  std::vector<Seen> seen;
  for (int i = 0; i < count; ++i) {
    alice.send("PRIVMSG " + channel + " :" + prefix + " " + std::to_string(i));
    seen.push_back(parse_seen(next_line(bob)));
  }
  return seen;
}

std::vector<Seen> slice(const std::vector<Seen>& all, std::size_t from, std::size_t to) {
  return {all.begin() + static_cast<std::ptrdiff_t>(from), all.begin() + static_cast<std::ptrdiff_t>(to)};
}

// alice says five lines in #h that bob (with the history caps) sees; then chatd is stopped
// with `signal`. Before a SIGKILL bob reads them back, so the store has answered after them.
std::vector<Seen> said_then_stopped(const ChatdConfig& config, int signal) {
  Chatd chatd(config);
  IrcClient alice = chatd.registered("alice");
  IrcClient bob = registered_with_caps(chatd, "bob", kHistoryCaps);
  join_all("#h", {&alice, &bob});
  std::vector<Seen> said = say(alice, bob, "#h", 5);
  if (signal == SIGKILL) {
    CHECK(ask(bob, "LATEST #h * 100") == said);
    chatd.process.stop(SIGKILL);
  } else {
    CHECK(chatd.process.stop(signal) == 0);
  }
  return said;
}

// What a new client reads of #h from a chatd started again on `config`.
std::vector<Seen> history_after_restart(const ChatdConfig& config) {
  Chatd again(config);
  IrcClient carol = registered_with_caps(again, "carol", kHistoryCaps);
  join_channel(carol, "#h");
  return ask(carol, "LATEST #h * 100");
}

}  // namespace

TEST_CASE("history: every subcommand returns the messages with the msgids and times seen live") {
  Chatd chatd;
  IrcClient alice = chatd.registered("alice");
  IrcClient bob = registered_with_caps(chatd, "bob", kHistoryCaps);
  join_all("#h", {&alice, &bob});
  const auto all = say(alice, bob, "#h", 8);

  CHECK(ask(bob, "LATEST #h * 100") == all);
  CHECK(ask(bob, "LATEST #h * 3") == slice(all, 5, 8));
  CHECK(ask(bob, "LATEST #h msgid=" + all[5].msgid + " 100") == slice(all, 6, 8));
  CHECK(ask(bob, "BEFORE #h msgid=" + all[4].msgid + " 2") == slice(all, 2, 4));
  CHECK(ask(bob, "AFTER #h msgid=" + all[1].msgid + " 3") == slice(all, 2, 5));
  CHECK(ask(bob, "AROUND #h msgid=" + all[3].msgid + " 3") == slice(all, 2, 5));
  CHECK(ask(bob, "BETWEEN #h msgid=" + all[0].msgid + " msgid=" + all[7].msgid + " 100") == slice(all, 1, 7));
  CHECK(ask(bob, "BETWEEN #h msgid=" + all[7].msgid + " msgid=" + all[0].msgid + " 2") == slice(all, 5, 7));

  // Timestamps: several messages may share a millisecond, and "after T" excludes all of T's.
  std::vector<Seen> after_first;
  for (const Seen& s : all) {
    if (s.time > all[0].time) after_first.push_back(s);
  }
  CHECK(ask(bob, "AFTER #h timestamp=" + all[0].time + " 100") == after_first);
  std::vector<Seen> before_last;
  for (const Seen& s : all) {
    if (s.time < all[7].time) before_last.push_back(s);
  }
  CHECK(ask(bob, "BEFORE #h timestamp=" + all[7].time + " 100") == before_last);
  CHECK(ask(bob, "BETWEEN #h timestamp=2000-01-01T00:00:00Z timestamp=2999-01-01T00:00:00.000Z 100") == all);
  // The channel name is matched without case; an unknown msgid answers an empty batch.
  CHECK(ask(bob, "LATEST #H * 1") == slice(all, 7, 8));
  CHECK(ask(bob, "BEFORE #h msgid=0000000000000000000unknown 10").empty());

  bob.send("CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00Z timestamp=2999-01-01T00:00:00Z 10");
  const std::string start = bob.expect(" BATCH +");
  CHECK(contains(start, " draft/chathistory-targets"));
  CHECK(contains(next_line(bob), " CHATHISTORY TARGETS #h " + all[7].time));
  bob.expect(" BATCH -");
}

TEST_CASE("history: NOTICE and TAGMSG are kept; private messages between users logged in to no account are not") {
  Chatd chatd;
  IrcClient alice = registered_with_caps(chatd, "alice", "message-tags");
  IrcClient bob = registered_with_caps(chatd, "bob", kHistoryCaps);
  join_all("#h", {&alice, &bob});
  alice.send("NOTICE #h :heads up");
  const Seen notice = parse_seen(next_line(bob));
  alice.send("@+typing=active TAGMSG #h");
  const std::string tagmsg = next_line(bob);
  alice.send("PRIVMSG bob :secret");
  bob.expect(" :secret");

  bob.send("CHATHISTORY LATEST #h * 10");
  bob.expect(" BATCH +");
  CHECK(parse_seen(next_line(bob)) == notice);
  CHECK(contains(next_line(bob), ";+typing=active :alice!alice@127.0.0.1 TAGMSG #h"));
  bob.expect(" BATCH -");
  CHECK(contains(tagmsg, "TAGMSG #h"));
  // A nick's history is empty: neither is logged in to an account (64-private_history_test).
  CHECK(ask(bob, "LATEST alice * 10").empty());
}

TEST_CASE("history: a restart (SIGTERM) keeps what was said") {
  TempDir dir;
  const ChatdConfig config{.extra = "[storage]\npath = \"" + dir.path() + "/chatd.db\"\n"};
  const std::vector<Seen> before = said_then_stopped(config, SIGTERM);
  CHECK(history_after_restart(config) == before);
}

TEST_CASE("history: kill -9 loses nothing the store had answered after") {
  // A query runs after every write queued before it, so once it is answered those messages
  // are committed; SIGKILL then loses none of them (the documented window is only what was
  // still queued).
  TempDir dir;
  const ChatdConfig config{.extra = "[storage]\npath = \"" + dir.path() + "/chatd.db\"\n"};
  const std::vector<Seen> before = said_then_stopped(config, SIGKILL);
  CHECK(history_after_restart(config) == before);
}

TEST_CASE("history: bad requests get FAIL CHATHISTORY and the client lives on") {
  Chatd chatd({.limits = "flood_burst = 1000\nflood_lines_per_second = 1000\nflood_bytes_burst = 1000000\n"});
  IrcClient alice = chatd.registered("alice");
  IrcClient bob = registered_with_caps(chatd, "bob", kHistoryCaps);
  join_all("#h", {&alice, &bob});
  const auto all = say(alice, bob, "#h", 105);

  const std::vector<std::pair<std::string, std::string>> cases = {
      {"FETCH #h * 10", ":test.chatd FAIL CHATHISTORY UNKNOWN_COMMAND FETCH :Unknown subcommand"},
      {"", ":test.chatd FAIL CHATHISTORY NEED_MORE_PARAMS :Missing parameters"},
      {"LATEST #h *", ":test.chatd FAIL CHATHISTORY NEED_MORE_PARAMS LATEST :Missing parameters"},
      {"BEFORE #h * 10",
       ":test.chatd FAIL CHATHISTORY INVALID_PARAMS BEFORE * :Invalid message reference (msgid= or "
       "timestamp=)"},
      {"AFTER #h msgid= 10",
       ":test.chatd FAIL CHATHISTORY INVALID_PARAMS AFTER msgid= :Invalid message reference "
       "(msgid= or timestamp=)"},
      {"AFTER #h timestamp=yesterday 10",
       ":test.chatd FAIL CHATHISTORY INVALID_PARAMS AFTER timestamp=yesterday "
       ":Invalid message reference (msgid= or timestamp=)"},
      {"AFTER #h timestamp=2026-02-30T00:00:00Z 10",
       ":test.chatd FAIL CHATHISTORY INVALID_PARAMS AFTER "
       "timestamp=2026-02-30T00:00:00Z :Invalid message reference "
       "(msgid= or timestamp=)"},
      {"LATEST #h * -1", ":test.chatd FAIL CHATHISTORY INVALID_PARAMS LATEST -1 :The limit must be a positive number"},
      {"LATEST #h * 0", ":test.chatd FAIL CHATHISTORY INVALID_PARAMS LATEST 0 :The limit must be a positive number"},
      {"TARGETS msgid=x timestamp=2026-01-01T00:00:00Z 5",
       ":test.chatd FAIL CHATHISTORY INVALID_PARAMS TARGETS msgid=x :TARGETS takes two timestamp= references"},
      {"LATEST #nowhere * 10",
       ":test.chatd FAIL CHATHISTORY INVALID_TARGET LATEST #nowhere :Messages could not be "
       "retrieved"},
      {"LATEST !bad * 10", ":test.chatd FAIL CHATHISTORY INVALID_TARGET LATEST !bad :Messages could not be retrieved"},
  };
  for (const auto& [request, reply] : cases) {
    CAPTURE(request);
    bob.send("CHATHISTORY " + request);
    expect_next(bob, reply);
  }
  // A huge limit is lowered to CHATHISTORY=100.
  CHECK(ask(bob, "LATEST #h * 99999999999999999999") == slice(all, 5, 105));

  // A secret or invite-only channel's history is for its members: others are told exactly
  // what a channel that does not exist would tell them.
  IrcClient carol = registered_with_caps(chatd, "carol", kHistoryCaps);
  for (const char* mode : {"+s", "+i"}) {
    CAPTURE(mode);
    alice.send(std::string("MODE #h ") + mode);
    alice.expect(" MODE #h ");
    bob.expect(" MODE #h ");
    carol.send("CHATHISTORY LATEST #h * 10");
    expect_next(carol, ":test.chatd FAIL CHATHISTORY INVALID_TARGET LATEST #h :Messages could not be retrieved");
    CHECK(ask(bob, "LATEST #h * 1") == slice(all, 104, 105));
    alice.send(std::string("MODE #h -") + (mode + 1));
    alice.expect(" MODE #h ");
    bob.expect(" MODE #h ");
  }
  CHECK(ask(carol, "LATEST #h * 1") == slice(all, 104, 105));
  fence(bob);
}

TEST_CASE("history: the capability and ISUPPORT tokens, a label on the batch, and history switched off") {
  {
    Chatd chatd;
    std::vector<std::string> welcome;
    IrcClient alice = chatd.registered("alice", welcome);
    CHECK(isupport_has(welcome, "CHATHISTORY=100"));
    CHECK(isupport_has(welcome, "MSGREFTYPES=msgid,timestamp"));
    IrcClient bob = registered_with_caps(chatd, "bob", "batch labeled-response draft/chathistory");
    join_all("#h", {&alice, &bob});
    alice.send("PRIVMSG #h :hello");
    bob.expect(" :hello");
    bob.send("@label=q1 CHATHISTORY LATEST #h * 5");
    const std::string start = next_line(bob);
    CHECK(std::regex_match(start, std::regex(R"(@label=q1 :test\.chatd BATCH \+\S+ chathistory #h)")));
    CHECK(contains(next_line(bob), " :alice!alice@127.0.0.1 PRIVMSG #h :hello"));
    CHECK(contains(next_line(bob), " BATCH -"));
    fence(bob);
  }
  Chatd off({.extra = "[history]\nenabled = false\n"});
  std::vector<std::string> welcome;
  IrcClient alice = off.registered("alice", welcome);
  CHECK_FALSE(isupport_has(welcome, "CHATHISTORY=100"));
  alice.send("CAP LS 302");
  CHECK_FALSE(contains(alice.expect(" CAP alice LS "), "chathistory"));
  alice.send("CAP REQ draft/chathistory");
  alice.expect(" CAP alice NAK ");
  alice.send("CHATHISTORY LATEST #h * 5");
  expect_next(alice, ":test.chatd FAIL CHATHISTORY MESSAGE_ERROR LATEST :History is disabled on this server");
}

TEST_CASE("history: replay on join for a client without the capability and for a line client") {
  const Listener line{.protocol = "line", .keys = "channel = \"#h\"\n"};
  Chatd chatd({.listeners = {line}, .extra = "[history]\nreplay_on_join = 2\n"});
  IrcClient alice = chatd.registered("alice");
  IrcClient bob = registered_with_caps(chatd, "bob", kHistoryCaps);
  join_all("#h", {&alice, &bob});
  say(alice, bob, "#h", 3);

  // A plain client: the last two lines between two notices, after its JOIN's replies.
  IrcClient carol = chatd.registered("carol");
  join_channel(carol, "#h");
  expect_next(carol, ":test.chatd NOTICE #h :*** Replaying the last 2 line(s) of history");
  expect_next(carol, ":alice!alice@127.0.0.1 PRIVMSG #h :line 1");
  expect_next(carol, ":alice!alice@127.0.0.1 PRIVMSG #h :line 2");
  expect_next(carol, ":test.chatd NOTICE #h :*** End of history replay");
  // With server-time and batch: the original times, inside a chathistory batch.
  IrcClient dave = registered_with_caps(chatd, "dave", "batch server-time");
  join_channel(dave, "#h");
  dave.expect(":test.chatd NOTICE #h :*** Replaying the last 2 line(s) of history");
  CHECK(std::regex_match(next_line(dave), std::regex(R"(:test\.chatd BATCH \+\S+ chathistory #h)")));
  CHECK(std::regex_match(next_line(dave), std::regex(R"(@batch=\S+;time=\S+ :alice!\S+ PRIVMSG #h :line 1)")));
  // A client with draft/chathistory asks for itself: no replay.
  IrcClient erin = registered_with_caps(chatd, "erin", kHistoryCaps);
  join_channel(erin, "#h");
  fence(erin);

  IrcClient plain(chatd.config.listeners[0].port);
  plain.expect("* in #h: ");
  plain.expect("test.chatd: *** Replaying the last 2 line(s) of history");
  expect_next(plain, "alice: line 1");
  expect_next(plain, "alice: line 2");
  expect_next(plain, "test.chatd: *** End of history replay");
}

TEST_CASE("history: the metrics endpoint counts each message written and each query") {
  const std::uint16_t metrics_port = free_port();
  Chatd chatd({.extra = metrics_table(metrics_port)});
  IrcClient alice = chatd.registered("alice");
  IrcClient bob = registered_with_caps(chatd, "bob", kHistoryCaps);
  join_all("#h", {&alice, &bob});
  // The JOINs are stored too (draft/event-playback): a query first, so they are written.
  CHECK(ask(bob, "LATEST #h * 1").empty());
  const auto before = scrape(metrics_port);
  CHECK(value_of(before, "chatd_history_writes_total") == 2);
  CHECK(value_of(before, "chatd_history_queue_depth") == 0);

  constexpr int kMessages = 7;
  say(alice, bob, "#h", kMessages);
  alice.send("PRIVMSG bob :private lines are not stored");
  bob.expect(":private lines are not stored");
  // The store answers a query after the writes queued before it: once the batch is here, the
  // counters hold every message.
  CHECK(ask(bob, "LATEST #h * 100").size() == kMessages);
  const auto after = scrape(metrics_port);
  CHECK(value_of(after, "chatd_history_writes_total") - value_of(before, "chatd_history_writes_total") == kMessages);
  CHECK(value_of(after, "chatd_history_dropped_total") == 0);
  CHECK(value_of(after, "chatd_history_queue_depth") == 0);
  CHECK(value_of(after, "chatd_history_queries_total{result=\"ok\"}") -
            value_of(before, "chatd_history_queries_total{result=\"ok\"}") ==
        1);
  CHECK(value_of(after, "chatd_history_queries_total{result=\"busy\"}") == 0);
  // A bad request never reaches the store.
  bob.send("CHATHISTORY LATEST #h * 0");
  bob.expect(" FAIL CHATHISTORY ");
  CHECK(value_of(scrape(metrics_port), "chatd_history_queries_total{result=\"ok\"}") ==
        value_of(after, "chatd_history_queries_total{result=\"ok\"}"));
}

TEST_CASE("history: a [[channel]] with history = false keeps nothing and answers an empty batch") {
  const std::uint16_t metrics_port = free_port();
  Chatd chatd({.extra = "[[channel]]\nname = \"#quiet\"\nhistory = false\n\n[history]\nreplay_on_join = 5\n\n" +
                        metrics_table(metrics_port)});
  IrcClient alice = chatd.registered("alice");
  IrcClient bob = registered_with_caps(chatd, "bob", kHistoryCaps);
  join_all("#quiet", {&alice, &bob});
  join_all("#h", {&alice, &bob});
  say(alice, bob, "#quiet", 3, "off the record");
  const auto kept = say(alice, bob, "#h", 2);

  CHECK(ask(bob, "LATEST #quiet * 100").empty());
  CHECK(ask(bob, "BETWEEN #QUIET timestamp=2000-01-01T00:00:00Z timestamp=2999-01-01T00:00:00Z 100").empty());
  CHECK(ask(bob, "LATEST #h * 100") == kept);
  // Stored: the two lines and two JOINs of #h, nothing of #quiet (the LATEST above ran after
  // every write).
  CHECK(value_of(scrape(metrics_port), "chatd_history_writes_total") == 4);
  // TARGETS does not name it, and a client without the capability gets no replay there.
  bob.send("CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00Z timestamp=2999-01-01T00:00:00Z 10");
  bob.expect(" BATCH +");
  CHECK(contains(next_line(bob), " CHATHISTORY TARGETS #h " + kept[1].time));
  CHECK(contains(next_line(bob), " BATCH -"));
  IrcClient carol = chatd.registered("carol");
  join_channel(carol, "#quiet");
  fence(carol);
  join_channel(carol, "#h");
  expect_next(carol, ":test.chatd NOTICE #h :*** Replaying the last 2 line(s) of history");

  // A reload that drops the opt-out applies to the existing channel at once.
  chatd.write_config(
      {.extra = "[[channel]]\nname = \"#quiet\"\n\n[history]\nreplay_on_join = 5\n\n" + metrics_table(metrics_port)});
  chatd.process.send_signal(SIGHUP);
  REQUIRE(wait_for_log(chatd.process, "configuration reloaded"));
  bob.expect(":carol!carol@127.0.0.1 JOIN #h");  // past carol's two JOINs
  const auto now_kept = say(alice, bob, "#quiet", 1, "on the record");
  CHECK(ask(bob, "LATEST #quiet * 100") == now_kept);
}

TEST_CASE("history: lines that came in through a bridge are kept with the msgid and time they were relayed with") {
  SKIP_WITHOUT_NETNS();
  LoopbackHost host(bridge_table(multicast_keys(), "127.0.0.1"), "open on 127.0.0.1");
  IrcClient bob = registered_with_caps(IrcClient(host.port), "bob", kHistoryCaps);
  join_channel(bob, "#lan");
  IrcClient carol = join_lan(host.port, "carol");

  auto sender = UdpPeer::sender();
  sender.send_to("224.1.1.1", 5004, "first from udp\nsecond from udp\n");
  std::vector<Seen> live{parse_seen(bob.expect(" PRIVMSG #lan :first from udp"))};
  live.push_back(parse_seen(next_line(bob)));
  CHECK(std::regex_match(live[1].rest, std::regex(R"(:udp-\S+!udp@\S+ PRIVMSG #lan :second from udp)")));
  CHECK(live[0].msgid != live[1].msgid);
  // A client without tags sees the plain lines, as before.
  CHECK(std::regex_match(carol.expect(" :first from udp"), std::regex(R"(:udp-\S+ PRIVMSG #lan :first from udp)")));

  CHECK(ask(bob, "LATEST #lan * 10") == live);
  CHECK(ask(bob, "AFTER #lan msgid=" + live[0].msgid + " 10") == slice(live, 1, 2));
  // An IRC client's line follows them in the same history.
  carol.send("PRIVMSG #lan :and one from irc");
  live.push_back(parse_seen(bob.expect(" :and one from irc")));
  CHECK(ask(bob, "LATEST #lan * 10") == live);
}

TEST_CASE("history: draft/event-playback clients get the channel's events, others only its messages") {
  Chatd chatd({.extra = "[history]\nreplay_on_join = 10\n"});
  IrcClient alice = chatd.registered("alice");
  alice.send("CAP LS 302");
  CHECK(contains(alice.expect(" CAP alice LS "), " draft/event-playback "));
  IrcClient bob =
      registered_with_caps(chatd, "bob", "batch draft/chathistory draft/event-playback message-tags server-time");
  IrcClient carol = chatd.registered("carol");
  join_all("#ev", {&alice, &bob, &carol});
  alice.send("PRIVMSG #ev :hello");
  bob.expect(" PRIVMSG #ev :hello");
  alice.send("TOPIC #ev :the topic");
  bob.expect(" TOPIC #ev :the topic");
  alice.send("MODE #ev +v carol");
  bob.expect(" MODE #ev +v carol");
  carol.send("NICK carla");
  bob.expect(" NICK :carla");
  alice.send("KICK #ev carla :out");
  bob.expect(" KICK #ev carla :out");
  IrcClient dave = chatd.registered("dave");
  join_channel(dave, "#ev");
  dave.send("PART #ev");
  bob.expect(":dave!dave@127.0.0.1 PART #ev");
  join_channel(dave, "#ev");
  dave.send("QUIT :gone");
  bob.expect(" QUIT :Quit: gone");

  std::vector<std::string> shown;
  for (const Seen& seen : ask(bob, "LATEST #ev * 100")) shown.push_back(seen.rest);
  const std::vector<std::string> expected{
      ":alice!alice@127.0.0.1 JOIN #ev",
      ":bob!bob@127.0.0.1 JOIN #ev",
      ":carol!carol@127.0.0.1 JOIN #ev",
      ":alice!alice@127.0.0.1 PRIVMSG #ev :hello",
      ":alice!alice@127.0.0.1 TOPIC #ev :the topic",
      ":alice!alice@127.0.0.1 MODE #ev +v carol",
      ":carol!carol@127.0.0.1 NICK :carla",
      ":alice!alice@127.0.0.1 KICK #ev carla :out",
      ":dave!dave@127.0.0.1 JOIN #ev",
      ":dave!dave@127.0.0.1 PART #ev",
      ":dave!dave@127.0.0.1 JOIN #ev",
      ":dave!dave@127.0.0.1 QUIT :Quit: gone",
  };
  CHECK(shown == expected);
  // An event's msgid is a reference like a message's.
  const auto events = ask(bob, "LATEST #ev * 100");
  CHECK(ask(bob, "AFTER #ev msgid=" + events[9].msgid + " 10") == slice(events, 10, 12));

  // Without draft/event-playback: the message alone, and the limit counts messages only.
  IrcClient erin = registered_with_caps(chatd, "erin", kHistoryCaps);
  join_channel(erin, "#ev");
  const auto messages = ask(erin, "LATEST #ev * 1");
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].rest == ":alice!alice@127.0.0.1 PRIVMSG #ev :hello");
  CHECK(ask(erin, "BEFORE #ev timestamp=2999-01-01T00:00:00Z 100") == messages);
  // Nor are events replayed on join.
  IrcClient frank = chatd.registered("frank");
  join_channel(frank, "#ev");
  expect_next(frank, ":test.chatd NOTICE #ev :*** Replaying the last 1 line(s) of history");
  expect_next(frank, ":alice!alice@127.0.0.1 PRIVMSG #ev :hello");
  expect_next(frank, ":test.chatd NOTICE #ev :*** End of history replay");
}
