// Black-box load test of channel fan-out: 200 clients on one channel (2 worker threads), four of
// them sending 250 messages each as fast as they can, interleaved. Every client must receive
// every message except its own exactly once, and each sender's messages in the order sent. All
// sockets are read together with poll(), so no client's socket buffer fills while the test waits
// on another. Bounded to about 20 s; the throughput is printed for information only.
#include <doctest/doctest.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/line_pump.hpp"
#include "support/text.hpp"
#include "support/wait.hpp"

namespace {

using namespace chatd::test;
using Clock = std::chrono::steady_clock;

constexpr int kClients = 200;
constexpr int kSenders = 4;  // clients 0..3
constexpr int kMessages = 250;
constexpr auto kDeliveryBudget = std::chrono::seconds(20);

// Every client comes from 127.0.0.1 and the senders paste as fast as they can: this test is
// about fan-out, so the per-address cap and flood control are opened wide.
ChatdConfig fanout_config(bool io_uring = true) {
  return {.server = io_uring ? "io_uring = true\n" : "io_uring = false\n",
          .limits =
              "max_per_ip = 1000\nmax_channels_per_user = 100\nflood_lines_per_second = 100000\n"
              "flood_burst = 100000\nflood_bytes_per_second = 100000000\nflood_bytes_burst = 100000000\n"};
}

std::string nick_of(int i) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "u%03d", i);
  return buf;
}

// What one client has received so far (its socket is the PumpedSocket of the same index).
struct Inbox {
  bool joined = false;               // saw its own 366 for #big
  bool fenced = false;               // saw the PONG of the final fence
  std::array<int, kSenders> next{};  // next sequence number expected from each sender
  int received = 0;                  // channel messages accepted
  int expected = 0;
};

}  // namespace

TEST_CASE("fanout: 200 members each get 4 x 250 interleaved messages exactly once and in order") {
  // Both ways a worker sends a wide flush: the whole test runs once per subcase.
  bool io_uring = true;
  SUBCASE("sent through io_uring") {}
  SUBCASE("sent with one writev per client") { io_uring = false; }
  raise_nofile_limit(4096);
  Chatd chatd(fanout_config(io_uring));

  std::vector<IrcClient> clients;
  clients.reserve(kClients);
  for (int i = 0; i < kClients; ++i) clients.push_back(chatd.connect());
  std::vector<Inbox> inboxes(kClients);
  std::vector<PumpedSocket> sockets(kClients);
  for (int i = 0; i < kClients; ++i) {
    const std::string nick = nick_of(i);
    sockets[static_cast<std::size_t>(i)].fd = clients[static_cast<std::size_t>(i)].fd();
    inboxes[static_cast<std::size_t>(i)].expected = (i < kSenders ? kSenders - 1 : kSenders) * kMessages;
    REQUIRE(clients[static_cast<std::size_t>(i)].send("NICK " + nick + "\r\nUSER " + nick + " 0 * :fan\r\nJOIN #big"));
  }

  // Everyone is on #big once each has its own 366.
  int joined = 0;
  int errors = 0;
  std::vector<std::string> samples;  // the first few problems, for the failure message
  auto problem = [&](std::string what) {
    ++errors;
    if (samples.size() < 10) samples.push_back(std::move(what));
  };
  bool all_joined = pump_lines(
      sockets, Deadline(15000).when(), [&] { return joined == kClients; },
      [&](std::size_t index, std::string_view line) {
        Inbox& inbox = inboxes[index];
        if (line == "(closed)" || line.rfind("ERROR", 0) == 0) problem("during JOIN: " + std::string(line));
        if (!inbox.joined && line.find(" 366 ") != std::string_view::npos &&
            line.find(" #big ") != std::string_view::npos) {
          inbox.joined = true;
          ++joined;
        }
      });
  REQUIRE_MESSAGE(all_joined, joined << " of " << kClients << " clients joined #big within 15 s");

  // The senders start together; each writes its lines one send() at a time, as fast as it can.
  std::atomic<bool> go{false};
  std::atomic<int> send_failures{0};
  std::vector<std::thread> senders;
  for (int s = 0; s < kSenders; ++s) {
    senders.emplace_back([&, s] {
      const std::string nick = nick_of(s);
      const int fd = sockets[static_cast<std::size_t>(s)].fd;
      while (!go.load()) std::this_thread::yield();
      for (int seq = 0; seq < kMessages; ++seq) {
        if (!send_all(fd, "PRIVMSG #big :" + nick + " " + std::to_string(seq) + "\r\n")) {
          ++send_failures;
          return;
        }
      }
    });
  }

  auto on_message = [&](std::size_t index, std::string_view line) {
    Inbox& inbox = inboxes[index];
    if (line == "(closed)" || line.rfind("ERROR", 0) == 0) {
      problem(std::string(line));
      return;
    }
    const auto mark = line.find(" PRIVMSG #big :");
    if (mark == std::string_view::npos) return;  // JOIN lines from late joiners and the like
    // ":uNNN!uNNN@127.0.0.1 PRIVMSG #big :uNNN <seq>"
    const std::string_view text = line.substr(mark + 15);
    const auto space = text.find(' ');
    const std::string nick(text.substr(0, space));
    const int sender = nick.size() == 4 && nick[0] == 'u' ? std::atoi(nick.c_str() + 1) : -1;
    const int me = static_cast<int>(index);
    if (sender < 0 || sender >= kSenders || space == std::string_view::npos ||
        line.substr(0, mark) != ":" + nick + "!" + nick + "@127.0.0.1") {
      problem(nick_of(me) + " got a malformed line: " + std::string(line));
      return;
    }
    if (sender == me) {
      problem(nick_of(me) + " got its own message: " + std::string(line));
      return;
    }
    const int seq = std::atoi(std::string(text.substr(space + 1)).c_str());
    int& next = inbox.next[static_cast<std::size_t>(sender)];
    if (seq != next) {
      problem(nick_of(me) + " expected " + nick + " " + std::to_string(next) + ", got " + std::string(text) +
              (seq < next ? " (duplicate or reordered)" : " (lost or reordered)"));
      if (seq < next) return;
    }
    next = seq + 1;
    ++inbox.received;
  };
  auto total = [&] {
    long sum = 0;
    for (const auto& inbox : inboxes) sum += inbox.received;
    return sum;
  };
  long expected_total = 0;
  for (const auto& inbox : inboxes) expected_total += inbox.expected;

  const auto start = Clock::now();
  go = true;
  const bool delivered = pump_lines(
      sockets, start + kDeliveryBudget, [&] { return total() >= expected_total; }, on_message);
  const auto elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  for (auto& thread : senders) thread.join();

  // A fence on every client: whatever arrives before its PONG is checked as well, so a late
  // duplicate of a last message cannot slip by.
  for (auto& client : clients) client.send("PING :fanout-done");
  int fenced = 0;
  const bool all_fenced = pump_lines(
      sockets, Deadline(5000).when(), [&] { return fenced == kClients; },
      [&](std::size_t index, std::string_view line) {
        Inbox& inbox = inboxes[index];
        if (line == ":test.chatd PONG test.chatd :fanout-done") {
          if (!inbox.fenced) ++fenced;
          inbox.fenced = true;
        } else {
          on_message(index, line);
        }
      });

  const long got = total();
  MESSAGE("fan-out: " << got << " deliveries of " << expected_total << " in " << elapsed << " s ("
                      << static_cast<long>(static_cast<double>(got) / std::max(elapsed, 1e-6)) << " deliveries/s, "
                      << kSenders * kMessages << " messages to " << kClients << " members, 2 workers, "
                      << std::string(io_uring ? "io_uring" : "writev") << ")");
  std::string detail;
  for (const auto& sample : samples) detail += "\n  " + sample;
  CHECK_MESSAGE(send_failures.load() == 0, "a sender could not write its messages within 10 s");
  CHECK_MESSAGE(errors == 0, errors << " problem(s), first ones:" << detail);
  CHECK_MESSAGE(delivered, "only " << got << " of " << expected_total << " deliveries within 20 s");
  CHECK(got == expected_total);
  CHECK_MESSAGE(all_fenced, "only " << fenced << " of " << kClients << " clients answered the final PING");
  int short_inboxes = 0;
  for (const auto& inbox : inboxes) short_inboxes += inbox.received != inbox.expected;
  CHECK(short_inboxes == 0);
  // The start-up line says which way it sent (logged after the listener opens, so read here).
  const std::string way = io_uring ? "sending with io_uring" : "sending with writev";
  CHECK_MESSAGE(contains(chatd.process.log(), way), "expected '" << way << "' in the log:\n" << chatd.process.log());
}

// A worker runs tasks other workers posted before handling new input, so when bob
// (worker B) joins and, after bob's JOIN has completed, carol (worker A) joins, alice
// (worker A) sees bob's JOIN first.
TEST_CASE("fanout: lines from clients on different workers keep their causal order") {
  Chatd chatd(fanout_config());
  // Connections are dealt round-robin, so consecutive clients land on alternate workers.
  std::vector<IrcClient> clients;
  for (const char* nick : {"alice", "bob", "carol", "dave"}) clients.push_back(chatd.registered(nick));
  IrcClient& watcher = clients[0];
  int reordered = 0;
  for (int round = 0; round < 60; ++round) {
    const std::string channel = "#order" + std::to_string(round);
    for (auto& client : clients) {
      client.send("JOIN " + channel);
      client.expect(" 366 ");  // each JOIN completes before the next client's starts
    }
    for (const char* nick : {"bob", "carol", "dave"}) {
      auto line = watcher.read_line(5000);
      const std::string want = ":" + std::string(nick) + "!" + nick + "@127.0.0.1 JOIN " + channel;
      if (!line || *line != want) ++reordered;
    }
    watcher.drain(0);
  }
  CHECK_MESSAGE(reordered == 0, reordered << " of 180 JOINs reached the watcher out of causal order");
}
