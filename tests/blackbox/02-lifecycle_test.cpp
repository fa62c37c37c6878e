// Black-box tests of a connection's and the daemon's life: server PINGs and ping timeouts, the
// registration timeout, QUIT and vanishing clients, graceful shutdown on SIGTERM/SIGINT, the
// command line (--version, --help, --check-config) and start-up failures. Timer tests use
// 1-2 s intervals so the whole file stays fast.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
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

const ChatdConfig kFastTimers{.limits = "ping_interval = 1\nping_timeout = 1\nregistration_timeout = 2\n"};

// Like IrcClient::expect, but answers PINGs on the way so the reader itself is not timed out.
std::string expect_answering_pings(IrcClient& client, std::string_view needle, int timeout_ms,
                                   Where where = Where::current()) {
  const Deadline deadline(timeout_ms);
  std::vector<std::string> seen;
  while (!deadline.passed()) {
    auto line = client.read_line(deadline.remaining_ms() + 1);
    if (!line) break;
    if (contains(*line, needle)) return *line;
    seen.push_back(*line);
    if (starts_with(*line, "PING ")) client.send("PONG " + line->substr(5));
  }
  std::string all;
  for (const auto& s : seen) all += "\n  " + s;
  fail_at(where, "no line containing \"" + std::string(needle) + "\"; seen:" + all);
  return "";
}

// Takes whatever has arrived (waiting up to wait_ms for the first line), answers server PINGs
// and appends every other line to `seen`: keeps a bystander alive while the test watches another.
void pump(IrcClient& client, std::vector<std::string>& seen, int wait_ms = 0) {
  for (auto line = client.read_line(wait_ms); line; line = client.read_line(0)) {
    if (starts_with(*line, "PING ")) {
      client.send("PONG " + line->substr(5));
    } else {
      seen.push_back(*line);
    }
  }
}

}  // namespace

TEST_CASE("life: an idle client is PINGed after ping_interval; PONG or any other traffic keeps it") {
  Chatd chatd(kFastTimers);
  IrcClient alice = chatd.registered("alice");
  // While alice keeps talking for twice ping_interval she is not PINGed: every line she gets
  // is the answer to her own PING.
  for (int i = 0; i < 20; ++i) {
    fence(alice);
    sleep_ms(100);
  }
  // Once she is idle, the server PINGs her, in the bare form "PING :<servername>" that
  // ircd-hybrid, ratbox and ircu send to clients.
  expect_next(alice, "PING :test.chatd", 4000);
  alice.send("PONG :test.chatd");
  // The next PING is answered with some other command: any input proves liveness. Each PING
  // that arrives proves the previous answer was taken, as a missed one closes the link first.
  int pings = 1;
  const Deadline deadline(6000);
  while (!deadline.passed() && pings < 3) {
    auto line = alice.read_line(deadline.remaining_ms() + 1);
    if (!line) break;
    if (*line == "PING :test.chatd") {
      alice.send(++pings % 2 == 0 ? "ISON nobody" : "PONG :test.chatd");
    } else {
      CHECK(*line == ":test.chatd 303 alice :");
    }
  }
  CHECK(pings >= 3);
  CHECK_FALSE(alice.closed());
  fence(alice);
}

TEST_CASE("life: a client that does not answer PING is closed after ping_timeout; peers see the QUIT") {
  Chatd chatd(kFastTimers);
  auto [alice, bob, carol] = chatd.users("alice", "bob", "carol");
  join_all("#c", {&alice, &bob});

  // alice stays silent; bob and carol answer their PINGs meanwhile.
  std::vector<std::string> lines, bob_saw, carol_saw;
  const auto watch_alice = [&](int timeout_ms, bool until_ping) {
    const Deadline deadline(timeout_ms);
    while (!alice.closed() && !deadline.passed()) {
      if (auto line = alice.read_line(50)) lines.push_back(*line);
      pump(bob, bob_saw);
      pump(carol, carol_saw);
      if (until_ping && !lines.empty() && lines.back() == "PING :test.chatd") return;
    }
  };
  watch_alice(4000, true);
  REQUIRE(lines == std::vector<std::string>{"PING :test.chatd"});
  // ping_timeout is waited out: nothing more, and the link still open, half a second later.
  watch_alice(500, false);
  CHECK(lines.size() == 1);
  CHECK_FALSE(alice.closed());
  // Then it is closed.
  watch_alice(4000, false);
  for (auto line = alice.read_line(0); line; line = alice.read_line(0)) lines.push_back(*line);
  REQUIRE(alice.closed());
  REQUIRE(lines.size() >= 2);
  CHECK(lines[lines.size() - 2] == "PING :test.chatd");
  CHECK(lines.back() == "ERROR :Closing link: alice[127.0.0.1] (Ping timeout: 2 seconds)");

  for (int i = 0; i < 20 && bob_saw.empty(); ++i) pump(bob, bob_saw, 100);
  CHECK(bob_saw == std::vector<std::string>{":alice!alice@127.0.0.1 QUIT :Ping timeout: 2 seconds"});
  // carol shares no channel with alice and hears nothing of it.
  pump(carol, carol_saw, 200);
  CHECK(carol_saw.empty());
  // The nick is free again.
  bob.send("NICK alice");
  CHECK(expect_answering_pings(bob, " NICK ", 3000) == ":bob!bob@127.0.0.1 NICK :alice");
}

TEST_CASE("life: the registration timeout closes an unregistered connection") {
  // Without fast PINGs, so that the registered client below can stay silent.
  Chatd chatd({.limits = "registration_timeout = 2\n"});
  IrcClient ok = chatd.registered("fine");
  IrcClient silent = chatd.connect();
  IrcClient half = chatd.connect();
  half.send("NICK halfway");
  // The timeout is waited out: both are still open a moment later.
  fence(half);
  silent.expect_silence(500);

  auto lines = silent.read_until_closed(5000);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "ERROR :Closing link: *[127.0.0.1] (Registration timeout)");
  lines = half.read_until_closed(5000);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "ERROR :Closing link: halfway[127.0.0.1] (Registration timeout)");

  // A client that registered in time is not affected; the timed-out nick is free again.
  fence(ok);
  ok.send("NICK halfway");
  expect_next(ok, ":fine!fine@127.0.0.1 NICK :halfway");
}

TEST_CASE("life: QUIT with a message: peers see QUIT :Quit: msg, the quitter gets ERROR and EOF") {
  Chatd chatd;
  auto [alice, bob, carol] = chatd.users("alice", "bob", "carol");
  for (const char* chan : {"#one", "#two"}) {
    join_channel(alice, chan);
    join_channel(bob, chan);
  }

  alice.send("QUIT :gone fishing");
  auto lines = alice.read_until_closed();
  REQUIRE(lines.size() >= 1);
  CHECK(lines.back() == "ERROR :Closing link: alice[127.0.0.1] (Quit: gone fishing)");
  // bob shares two channels with alice and hears the QUIT exactly once.
  expect_next(bob, ":alice!alice@127.0.0.1 QUIT :Quit: gone fishing");
  fence(bob);
  carol.expect_silence(200);

  SUBCASE("QUIT without a message") {
    bob.send("QUIT");
    CHECK(bob.read_until_closed().back() == "ERROR :Closing link: bob[127.0.0.1] (Quit)");
  }
  SUBCASE("a QUIT reason as long as a line allows keeps both the QUIT and the ERROR within 512 bytes") {
    const std::string head = "QUIT :";
    bob.send(head + std::string(510 - head.size(), 'r'));
    auto closing = bob.read_until_closed();
    REQUIRE_FALSE(closing.empty());
    CHECK(closing.back().rfind("ERROR :Closing link: bob[127.0.0.1] (Quit: rrrr", 0) == 0);
    CHECK(closing.back().size() <= 510);
  }
  SUBCASE("QUIT before registration") {
    IrcClient c = connect_and_send(chatd, {"NICK early", "QUIT :bye"});
    auto closing = c.read_until_closed();
    REQUIRE(closing.size() == 1);
    CHECK(closing[0] == "ERROR :Closing link: early[127.0.0.1] (Quit: bye)");
  }
}

TEST_CASE("life: a long QUIT reason reaches peers cut to 512 bytes") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  join_channel(alice, "#c");
  join_channel(bob, "#c");
  const std::string head = "QUIT :";
  alice.send(head + std::string(510 - head.size(), 'r'));
  alice.read_until_closed();
  auto quit = bob.expect(" QUIT ");
  CHECK(quit.rfind(":alice!alice@127.0.0.1 QUIT :Quit: rrrr", 0) == 0);
  CHECK(quit.size() == 510);
}

TEST_CASE("life: a connection that goes away during registration frees its nick and its slot") {
  Chatd chatd;
  {
    IrcClient early = chatd.connect();
    early.send("NICK taken");
    fence(early);
  }
  IrcClient alice = chatd.registered("alice");
  // The nick comes free as soon as the server has seen the EOF; allow it a moment.
  IrcClient bob = chatd.connect();
  std::string reply;
  for (int i = 0; i < 50; ++i) {
    bob.send("NICK taken");
    bob.send("PING :probe");
    reply = bob.expect(":test.chatd ");
    if (reply.find(" 433 ") == std::string::npos) break;
    bob.expect(" PONG ");
  }
  CHECK(reply == ":test.chatd PONG test.chatd :probe");
  alice.send("LUSERS");
  alice.expect(" 251 ");
  // Only bob is unregistered now.
  CHECK(alice.read_line() == ":test.chatd 253 alice 1 :unknown connection(s)");
}

TEST_CASE("life: a client that just disconnects is seen to QUIT by its peers") {
  Chatd chatd;
  auto [alice, bob] = chatd.users("alice", "bob");
  join_all("#c", {&alice, &bob});

  alice.close();
  expect_next(bob, ":alice!alice@127.0.0.1 QUIT :Remote host closed the connection");
  bob.send("NAMES #c");
  expect_next(bob, ":test.chatd 353 bob = #c :bob");
  expect_next(bob, ":test.chatd 366 bob #c :End of /NAMES list");

  // The same with unread input on the server's side and a reset instead of a FIN.
  IrcClient carol = chatd.registered("carol");
  join_channel(carol, "#c");
  expect_next(bob, ":carol!carol@127.0.0.1 JOIN #c");
  linger lin{1, 0};
  ::setsockopt(carol.fd(), SOL_SOCKET, SO_LINGER, &lin, sizeof lin);
  carol.close();
  auto quit = bob.expect(":carol!carol@127.0.0.1 QUIT :");
  CHECK(quit.size() > std::string(":carol!carol@127.0.0.1 QUIT :").size());
  fence(bob);
}

// SIGTERM and SIGINT both shut down gracefully: every client gets ERROR and EOF, exit 0.
static void check_graceful_shutdown(int signal) {
  Chatd chatd;
  auto [alice, bob, carol] = chatd.users("alice", "bob", "carol");
  IrcClient unregistered = chatd.connect();
  unregistered.send("NICK pending");
  join_channel(alice, "#c");
  join_channel(bob, "#c");
  fence(unregistered);

  REQUIRE(chatd.process.send_signal(signal));
  auto last_line = [](const std::vector<std::string>& lines) { return lines.empty() ? std::string() : lines.back(); };
  CHECK(last_line(alice.read_until_closed()) == "ERROR :Closing link: alice[127.0.0.1] (Server shutting down)");
  CHECK(last_line(bob.read_until_closed()) == "ERROR :Closing link: bob[127.0.0.1] (Server shutting down)");
  CHECK(last_line(carol.read_until_closed()) == "ERROR :Closing link: carol[127.0.0.1] (Server shutting down)");
  CHECK(last_line(unregistered.read_until_closed()) ==
        "ERROR :Closing link: pending[127.0.0.1] (Server shutting down)");
  CHECK(chatd.process.wait_exit(5000) == 0);
  CHECK(chatd.process.stop() == 0);
  const std::string log = chatd.process.log();
  CHECK(contains(log, signal == SIGTERM ? "received SIGTERM, shutting down" : "received SIGINT, shutting down"));
  // Nobody can connect any more.
  CHECK_THROWS_AS(IrcClient{chatd.port}, std::runtime_error);
}

TEST_CASE("life: SIGTERM shuts down gracefully: every client gets ERROR and EOF, exit 0") {
  check_graceful_shutdown(SIGTERM);
}

TEST_CASE("life: SIGINT shuts down gracefully: every client gets ERROR and EOF, exit 0") {
  check_graceful_shutdown(SIGINT);
}

TEST_CASE("life: SIGTERM with no clients exits 0 promptly") {
  Chatd chatd;
  // 0 only if it exits by itself within the 2 s; after that stop() kills it (128 + SIGKILL).
  CHECK(chatd.process.stop(SIGTERM, 2000) == 0);
  CHECK(contains(chatd.process.log(), "received SIGTERM, shutting down"));
}

TEST_CASE("life: command line: --version, --help, unknown options") {
  auto version = run_chatd({"--version"});
  CHECK(version.status == 0);
  CHECK(version.output.rfind("chatd-", 0) == 0);
  CHECK(run_chatd({"-V"}).output == version.output);

  auto help = run_chatd({"--help"});
  CHECK(help.status == 0);
  CHECK(contains(help.output, "Usage: chatd"));
  CHECK(contains(help.output, "--config"));
  CHECK(contains(help.output, "--check-config"));
  CHECK(run_chatd({"-h"}).status == 0);

  auto unknown = run_chatd({"--frobnicate"});
  CHECK(unknown.status == 2);
  CHECK(contains(unknown.output, "'--frobnicate'"));
  CHECK(contains(unknown.output, "Try 'chatd --help'."));  // short, as chatctl's

  auto incomplete = run_chatd({"--config"});
  CHECK(incomplete.status == 2);
  CHECK(contains(incomplete.output, "--config needs a value"));
}

TEST_CASE("life: --check-config accepts a good config and lists every error of a broken one") {
  TempDir dir;
  const std::string good = dir.path() + "/good.toml";
  std::ofstream(good) << ChatdConfig{.limits = "ping_interval = 30\n"}.text(free_port());
  auto ok = run_chatd({"--check-config", "--config", good});
  CHECK(ok.status == 0);
  CHECK(contains(ok.output, good + ": configuration OK"));

  const std::string bad = dir.path() + "/bad.toml";
  std::ofstream(bad) << "[server]\n"                       // 1
                        "name = \"has space\"\n"           // 2
                        "workers = \"four\"\n"             // 3
                        "\n"                               // 4
                        "[[listen]]\n"                     // 5
                        "address = \"127.0.0.1:70000\"\n"  // 6
                        "\n"                               // 7
                        "[limits]\n"                       // 8
                        "nick_length = 5\n"                // 9
                        "ping_intervall = 10\n";           // 10
  auto broken = run_chatd({"--check-config", "--config=" + bad});
  CHECK(broken.status == 1);
  INFO("output:\n" << broken.output);
  CHECK(contains(broken.output, bad + ":2: server.name: "));
  CHECK(contains(broken.output, bad + ":3: server.workers: "));
  CHECK(contains(broken.output, bad + ":6: listen[0].address: "));
  CHECK(contains(broken.output, bad + ":9: limits.nick_length: "));
  CHECK(contains(broken.output, bad + ":10: limits.ping_intervall: unknown key"));
  CHECK(contains(broken.output, "5 error(s) in " + bad));
  CHECK_FALSE(contains(broken.output, "configuration OK"));

  // Starting (not just checking) on the broken file fails the same way, before listening.
  auto start = run_chatd({"-c", bad});
  CHECK(start.status == 1);
  CHECK(contains(start.output, bad + ":2: server.name: "));

  // A TOML syntax error is reported with its line too.
  const std::string syntax = dir.path() + "/syntax.toml";
  std::ofstream(syntax) << "[server]\nname = \"x\"\nmotd = \"unterminated\n";
  auto parse = run_chatd({"--check-config", "--config", syntax});
  CHECK(parse.status == 1);
  CHECK(contains(parse.output, syntax + ":3"));
}

TEST_CASE("life: a missing config file exits 1 with a clear message") {
  TempDir dir;
  const std::string missing = dir.path() + "/nope.toml";
  for (const bool check : {true, false}) {
    auto result = check ? run_chatd({"--check-config", "--config", missing}) : run_chatd({"--config", missing});
    CHECK(result.status == 1);
    CHECK(contains(result.output, missing + ": cannot read: No such file or directory"));
  }
}

TEST_CASE("life: a port already in use makes chatd exit non-zero with a clear log line") {
  const std::uint16_t port = free_port();
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd, 4) == 0);

  ChatdProcess chatd(ChatdConfig{}.text(port), port, ChatdOptions{.expect_start = false});
  const int status = chatd.wait_exit(5000);
  ::close(fd);
  INFO("log:\n" << chatd.log());
  CHECK(status == 1);
  CHECK(contains(chatd.log(), "cannot start"));
  CHECK(contains(chatd.log(), "127.0.0.1:" + std::to_string(port)));
  CHECK(contains(chatd.log(), "Address already in use"));
}
