// Black-box tests of faults (issue 8): a broken reload, fd exhaustion, clients that vanish
// mid-reply (SIGPIPE) and clients that never read (sendq, bounded memory).
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/irc_client.hpp"
#include "support/line_pump.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"
#include "support/wait.hpp"

namespace {

using namespace chatd::test;
using namespace chatd::test::protocol;

// user + system CPU seconds of a process, from /proc/<pid>/stat.
double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto rest = all.substr(all.rfind(')') + 2);
  std::vector<std::string> fields;
  std::string field;
  for (char c : rest) {
    if (c == ' ') {
      fields.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  // After the comm field: state is 0, utime is 11, stime is 12.
  return (std::stod(fields.at(11)) + std::stod(fields.at(12))) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

long rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

}  // namespace

TEST_CASE("faults: SIGHUP with a broken config keeps every client and the old config") {
  Chatd chatd({.limits = "nick_length = 30\n"});
  IrcClient alice = chatd.registered("alice");
  chatd.process.write_config("[server]\nname = \"x\"\nbogus_key = 1\n");
  REQUIRE(chatd.process.send_signal(SIGHUP));
  round_trip(alice, "still");
  CHECK(wait_for_log(chatd.process, "keeping the running configuration", 5000));
  // The old limits still hold: a 30-character nick is fine.
  alice.send("NICK " + std::string(30, 'n'));
  alice.expect(" NICK :" + std::string(30, 'n'));
  IrcClient bob = chatd.registered("bob");
}

TEST_CASE("faults: out of fds, accept backs off without spinning and resumes once fds are free") {
  Chatd chatd({.limits = "max_per_ip = 1000\n"}, {.max_fds = 40});
  IrcClient alice = chatd.registered("alice");
  std::vector<IrcClient> hogs;
  for (int i = 0; i < 60; ++i) hogs.push_back(chatd.connect());  // the kernel completes them all; chatd cannot
  round_trip(alice, "alive");
  double before = cpu_seconds(chatd.process.pid());
  sleep_ms(2000);
  double used = cpu_seconds(chatd.process.pid()) - before;
  CHECK_MESSAGE(used < 0.5, "chatd used " << used << " s of CPU in 2 s while out of fds");
  CHECK(contains(chatd.process.log(), "pausing new connections"));
  hogs.clear();
  CHECK(new_client_served(chatd, 20, 3000));
  round_trip(alice, "end");
}

TEST_CASE("faults: a client that resets while a big reply is in flight costs an EPIPE, not the process") {
  Chatd chatd({.limits = "flood_lines_per_second = 100000\nflood_burst = 100000\n"});
  for (int round = 0; round < 5; ++round) {
    IrcClient victim = chatd.registered("victim" + std::to_string(round));
    std::string burst;
    for (int i = 0; i < 300; ++i) burst += "MOTD\r\n";
    victim.send_raw(burst);
    linger hard{1, 0};  // close with RST while the replies are being written
    ::setsockopt(victim.fd(), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    victim.close();
  }
  IrcClient alice = chatd.registered("alice");
  CHECK(chatd.process.running());
}

// 10 clients that never read and 200 that do, in one busy channel. The sender is paced by the
// slowest reader (a window of kWindow messages), so a reader that is dropped was dropped by a
// chatd fault, not because the test itself stopped reading. The slow clients' kernel buffers on
// loopback hold a few MB each before chatd's own queue even starts to grow, hence the volume.
// (The slow clients are not read afterwards: with a 4 KiB receive buffer against loopback's
// 64 KiB MSS their window stays shut and the kernel trickles the backlog by zero-window probes.)
TEST_CASE("faults: clients that never read are dropped at sendq; readers get everything; RSS stays bounded") {
  raise_nofile_limit(4096);
  Chatd chatd({.limits = "sendq = 65536\nmax_per_ip = 1000\nflood_lines_per_second = 100000\nflood_burst = 100000\n"
                         "flood_bytes_per_second = 100000000\nflood_bytes_burst = 100000000\n"});
  constexpr int kSlow = 10, kNormal = 200, kMessages = 10000, kWindow = 100;
  std::vector<IrcClient> slow;
  for (int i = 0; i < kSlow; ++i) {
    slow.push_back(chatd.connect());
    int small = 4096;
    ::setsockopt(slow.back().fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    slow.back().register_as("slow" + std::to_string(i));
    join_channel(slow.back(), "#busy");
  }
  std::vector<IrcClient> normal;
  std::vector<PumpedSocket> sockets(kNormal);
  for (int i = 0; i < kNormal; ++i) {
    normal.push_back(chatd.connect());
    sockets[i].fd = normal.back().fd();
    const std::string nick = "n" + std::to_string(i);
    REQUIRE(normal.back().send("NICK " + nick + "\r\nUSER " + nick + " 0 * :reader\r\nJOIN #busy"));
  }
  std::vector<int> got(kNormal, 0), quits(kNormal, 0);
  std::vector<bool> joined(kNormal, false);
  int joined_count = 0, problems = 0;
  std::string first_problem;
  auto on_line = [&](std::size_t i, std::string_view line) {
    if (line.find(" 366 ") != std::string_view::npos && !joined[i]) {
      joined[i] = true;
      ++joined_count;
    } else if (const auto mark = line.find(" PRIVMSG #busy :"); mark != std::string_view::npos) {
      const int seq = std::atoi(std::string(line.substr(mark + 16, 8)).c_str());
      if (seq != got[i] && problems++ == 0)
        first_problem = "n" + std::to_string(i) + " got " + std::to_string(seq) + " after " + std::to_string(got[i]);
      got[i] = seq + 1;
    } else if (line.rfind(":slow", 0) == 0 && line.find(" QUIT :SendQ exceeded") != std::string_view::npos) {
      ++quits[i];
    } else if (line == "(closed)" || line.rfind("ERROR", 0) == 0) {
      if (problems++ == 0) first_problem = "n" + std::to_string(i) + ": " + std::string(line);
    }
  };
  REQUIRE(pump_lines(
      sockets, Deadline(30000).when(), [&] { return joined_count == kNormal; }, on_line));

  IrcClient sender = chatd.registered("sender");
  join_channel(sender, "#busy");
  const long rss_before = rss_kib(chatd.process.pid());

  std::atomic<int> slowest{0};
  std::atomic<bool> sender_ok{true};
  std::thread writer([&] {
    const std::string pad(440, 'm');
    for (int m = 0; m < kMessages && sender_ok; ++m) {
      const Deadline give_up(30000);
      while (m - slowest.load() >= kWindow) {
        if (give_up.passed()) {
          sender_ok = false;
          return;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
      char seq[16];
      std::snprintf(seq, sizeof seq, "%08d ", m);
      if (!send_all(sender.fd(), "PRIVMSG #busy :" + std::string(seq) + pad + "\r\n")) sender_ok = false;
    }
  });
  const bool all = pump_lines(
      sockets, Deadline(120000).when(),
      [&] {
        int low = kMessages, low_quits = kSlow;
        for (int i = 0; i < kNormal; ++i) {
          low = std::min(low, got[i]);
          low_quits = std::min(low_quits, quits[i]);
        }
        slowest = low;
        return !sender_ok || (low == kMessages && low_quits == kSlow);
      },
      on_line);
  sender_ok = false;
  writer.join();
  const long rss_after = rss_kib(chatd.process.pid());
  int short_readers = 0, missing_quits = 0;
  for (int i = 0; i < kNormal; ++i) {
    short_readers += got[i] != kMessages;
    missing_quits += quits[i] != kSlow;
  }
  CHECK_MESSAGE(problems == 0, problems << " problems, first: " << first_problem);
  CHECK_MESSAGE(all, "slowest reader at " << slowest.load() << " of " << kMessages);
  CHECK_MESSAGE(short_readers == 0, short_readers << " readers did not get all " << kMessages << " messages");
  CHECK_MESSAGE(missing_quits == 0, missing_quits << " readers did not see all " << kSlow << " SendQ quits");
  MESSAGE("chatd RSS " << rss_before << " KiB before, " << rss_after << " KiB after " << kMessages << " x 460 B to "
                       << kNormal << " readers + " << kSlow << " non-readers");
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // This binary and chatd come from the same build: a sanitizer's quarantine and shadow
  // memory make RSS say nothing about chatd's own queues.
#else
  CHECK_MESSAGE(rss_after - rss_before < 32 * 1024, "RSS grew from " << rss_before << " to " << rss_after << " KiB");
#endif
}
