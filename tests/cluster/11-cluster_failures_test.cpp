// Failures: a chatd node killed with -9 (its users quit everywhere within node_timeout, its
// nicks are free, the restarted node rejoins and learns the network), a NATS server killed in
// the middle of a message stream (nothing lost, nothing twice), and a node cut off from the
// NATS quorum (it refuses new nicks and channels, keeps its local chat, and recovers).
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>

#include "support/chatd_network.hpp"
#include "support/wait.hpp"

namespace {

using namespace chatd::test;
using namespace std::chrono_literals;

}  // namespace

TEST_CASE("cluster failures: a node killed with -9: its users quit elsewhere, its nicks are freed, it rejoins") {
  ChatdNetwork net(2, {.node_timeout = 3});
  auto alice = net.node(0).registered("alice");
  alice.send("JOIN #lab");
  alice.expect(" 366 alice #lab");
  {
    auto dave = net.node(1).registered("dave");
    dave.send("JOIN #lab");
    dave.expect(" 366 dave #lab");
    alice.expect(":dave!dave@127.0.0.1 JOIN #lab");
    const auto killed = std::chrono::steady_clock::now();
    net.kill_node(1);
    alice.expect(":dave!dave@127.0.0.1 QUIT :*.net *.split", 10000);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
    CHECK(seconds < 3 + 2);  // node_timeout plus one heartbeat and one check
  }
  alice.send("NICK dave");  // the dead node's nick is free
  alice.expect(":alice!alice@127.0.0.1 NICK :dave");

  net.restart_node(1);
  auto erin = net.node(1).registered("erin");
  erin.send("NAMES #lab");
  const std::string names = erin.expect(" 353 erin = #lab");
  CHECK(names.find("@dave") != std::string::npos);  // what node a has, learnt from its burst
  erin.send("NICK dave");
  erin.expect(" 433 erin dave");
  erin.send("JOIN #lab");
  alice.expect(":erin!erin@127.0.0.1 JOIN #lab");
  alice.send("PRIVMSG #lab :welcome back");
  erin.expect(":dave!alice@127.0.0.1 PRIVMSG #lab :welcome back");

  // A graceful stop sends its users' QUITs before it goes: no split after node_timeout.
  net.node(1).process.stop(SIGTERM);
  alice.expect(":erin!erin@127.0.0.1 QUIT :Server shutting down", 2500);
}

TEST_CASE("cluster failures: a NATS server killed during a message stream: 0 lost, 0 duplicated") {
  ChatdNetwork net(2);
  auto sender = net.node(0).registered("sender");
  auto reader = net.node(1).registered("reader");
  sender.send("JOIN #stream");
  sender.expect(" 366 sender #stream");
  reader.send("JOIN #stream");
  reader.expect(" 366 reader #stream");
  sender.expect(":reader!reader@127.0.0.1 JOIN #stream");
  constexpr int kCount = 400;
  std::thread writer([&] {
    for (int i = 1; i <= kCount; ++i) {
      sender.send("PRIVMSG #stream :" + std::to_string(i));
      std::this_thread::sleep_for(5ms);
    }
  });
  std::this_thread::sleep_for(600ms);
  net.nats().kill(0);  // whichever nodes were on it reconnect to another
  writer.join();
  std::vector<int> got;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (got.size() < kCount && std::chrono::steady_clock::now() < deadline) {
    auto line = reader.read_line(500);
    if (!line) continue;
    const std::string marker = " PRIVMSG #stream :";
    auto at = line->find(marker);
    if (at != std::string::npos) got.push_back(std::stoi(line->substr(at + marker.size())));
  }
  std::vector<int> expected;
  for (int i = 1; i <= kCount; ++i) expected.push_back(i);
  std::string summary;  // the first place the stream differs, for the failure message
  for (std::size_t i = 0; i < std::max(got.size(), expected.size()); ++i) {
    if (i >= got.size() || i >= expected.size() || got[i] != expected[i]) {
      summary = "at " + std::to_string(i) + ": got " + (i < got.size() ? std::to_string(got[i]) : "nothing") + " of " +
                std::to_string(got.size());
      break;
    }
  }
  CHECK_MESSAGE(got == expected, summary << "\nnode a:\n"
                                         << net.node(0).process.log() << "\nnode b:\n"
                                         << net.node(1).process.log());
  reader.expect_silence(1000);  // and nothing more: no duplicate after the count
}

TEST_CASE("cluster failures: a node cut off from the NATS quorum refuses new nicks and channels, then recovers") {
  // Node a reaches NATS only through server 2, which the test partitions from the other two.
  ChatdNetwork net(2, {.nats_of = {{2}, {0, 1}}});
  auto local1 = net.node(0).registered("local1");
  auto local2 = net.node(0).registered("local2");
  local1.send("JOIN #here");
  local1.expect(" 366 local1 #here");
  local2.send("JOIN #here");
  local2.expect(" 366 local2 #here");
  local1.expect(":local2!local2@127.0.0.1 JOIN #here");

  net.nats().partition(2);
  // Within a few heartbeats node a notices JetStream does not answer.
  bool refused = false;
  for (int attempt = 0; attempt < 20 && !refused; ++attempt) {
    local1.send("JOIN #new" + std::to_string(attempt));
    const std::string answer = local1.expect_re(" (366|400) local1 ", 8000);
    refused = answer.find(" 400 ") != std::string::npos;
    if (!refused) std::this_thread::sleep_for(500ms);
  }
  REQUIRE(refused);
  local1.send("NICK fresh");
  local1.expect(" 400 local1 NICK fresh :The network is partitioned", 8000);
  local1.send("MODE #here +m");
  local1.expect(" 400 local1 MODE #here :The network is partitioned");
  // Local chat goes on.
  local1.send("PRIVMSG #here :still here");
  local2.expect(":local1!local1@127.0.0.1 PRIVMSG #here :still here");

  net.nats().heal(2);
  bool recovered = false;
  for (int attempt = 0; attempt < 40 && !recovered; ++attempt) {
    std::this_thread::sleep_for(500ms);
    local1.send("NICK fresh" + std::to_string(attempt));
    const std::string answer = local1.expect_re("( NICK :fresh| 400 local1 NICK | 433 | 438 )", 8000);
    recovered = answer.find(" NICK :fresh") != std::string::npos;
  }
  CHECK(recovered);
}
