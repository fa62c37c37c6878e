// Connection: the byte path between a socket and the line layer, with no transport (the plain
// TCP path) and with transport layers slotted in (tests/unit/net/test_transports.hpp: a framing
// layer and a sealing layer, alone and stacked), on a socketpair and a host that records what
// the connection asks of it.
#include "net/connection.hpp"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <string>
#include <vector>

#include "event/event_loop.hpp"
#include "net/connection_host.hpp"
#include "server/connection_limits.hpp"
#include "unit/net/test_transports.hpp"

namespace {

using chatd::chat::make_shared_line;
using chatd::net::Connection;
using chatd::net::ConnectionHost;
using chatd::net::ConnectionLimits;
using chatd::net::Transport;
using chatd::sys::UniqueFd;
namespace testing = chatd::net::testing;

// A host whose loop never runs by itself: the test drives each step.
class TestHost final : public ConnectionHost {
 public:
  chatd::event::EventLoop& loop() noexcept override { return loop_; }
  std::span<char> scratch() noexcept override { return scratch_; }
  void mark_dirty(std::shared_ptr<Connection> connection) noexcept override { dirty.push_back(std::move(connection)); }
  void throttle(std::shared_ptr<Connection> connection) noexcept override {
    throttled.push_back(std::move(connection));
  }
  void forget(Connection* connection) noexcept override { forgotten.push_back(connection); }

  // Flushes every dirty connection, as a worker does before its loop sleeps.
  void flush_dirty() {
    while (!dirty.empty()) {
      auto batch = std::move(dirty);
      dirty.clear();
      for (auto& connection : batch) connection->flush();
    }
  }
  // Runs what the connection deferred (a sendq close).
  void run_deferred() {
    loop_.stop();
    loop_.run();
  }

  std::vector<std::shared_ptr<Connection>> dirty, throttled;
  std::vector<Connection*> forgotten;

 private:
  chatd::event::EventLoop loop_;
  std::vector<char> scratch_ = std::vector<char>(64 * 1024);
};

class TestConnection final : public Connection {
 public:
  TestConnection(TestHost& host, UniqueFd fd, const ConnectionLimits& limits,
                 std::unique_ptr<Transport> transport = nullptr, bool drains = false)
      : Connection(host, std::move(fd), "test", 512, limits, std::move(transport)), drains_(drains) {}

  // Reads what the socket holds now, as the loop would on EPOLLIN.
  void readable() { static_cast<chatd::event::Watcher&>(*this).on_io(EPOLLIN); }

  std::vector<std::string> lines;
  std::string closed_with;

 private:
  bool on_line(std::string_view line) noexcept override {
    lines.emplace_back(line);
    return true;
  }
  bool on_overlong() noexcept override { return true; }
  void on_closed(std::string_view reason) noexcept override {
    closed_with = reason;
    send("ERROR :" + std::string(reason) + "\r\n");
  }
  void on_peer_closed() noexcept override {
    if (drains_) {
      drain();
    } else {
      Connection::on_peer_closed();
    }
  }
  bool drains_;
};

struct Pair {
  Pair() {
    int fds[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0);
    ours = UniqueFd(fds[0]);
    theirs = UniqueFd(fds[1]);
  }
  void write(std::string_view bytes) const {
    REQUIRE(::send(theirs.get(), bytes.data(), bytes.size(), 0) == static_cast<ssize_t>(bytes.size()));
  }
  std::string read() const {
    std::string out;
    char buf[65536];
    ssize_t n;
    while ((n = ::recv(theirs.get(), buf, sizeof buf, MSG_DONTWAIT)) > 0) out.append(buf, static_cast<std::size_t>(n));
    return out;
  }
  UniqueFd ours, theirs;
};

// What a client gets from the shipped config (the defaults live in config::Limits only).
ConnectionLimits default_limits() { return chatd::server::connection_limits(chatd::config::Limits{}); }

std::shared_ptr<TestConnection> open(TestHost& host, Pair& pair, std::unique_ptr<Transport> transport = nullptr,
                                     ConnectionLimits limits = default_limits(), bool drains = false) {
  auto connection = std::make_shared<TestConnection>(host, std::move(pair.ours), limits, std::move(transport), drains);
  connection->start();
  return connection;
}

}  // namespace

TEST_CASE("net::Connection: plain lines in, queued lines out in order, byte-exact") {
  TestHost host;
  Pair pair;
  auto connection = open(host, pair);
  pair.write("NICK a\r\nUSER a 0 * :A\nPI");
  connection->readable();
  CHECK(connection->lines == std::vector<std::string>{"NICK a", "USER a 0 * :A"});
  pair.write("NG x\r\n");
  connection->readable();
  CHECK(connection->lines.back() == "PING x");

  auto shared = make_shared_line(":s PRIVMSG #c :hi\r\n");
  connection->queue(shared);
  connection->send(":s 001 a :Welcome\r\n");
  REQUIRE(host.dirty.size() == 1);  // marked dirty once, however much is queued
  CHECK(pair.read().empty());       // queuing never writes
  host.flush_dirty();
  CHECK(pair.read() == ":s PRIVMSG #c :hi\r\n:s 001 a :Welcome\r\n");
  CHECK(*shared == ":s PRIVMSG #c :hi\r\n");  // a shared line is referenced, never written into
}

TEST_CASE("net::Connection: a full socket holds the rest, which goes out exactly once it drains") {
  TestHost host;
  Pair pair;
  int small = 4096;
  ::setsockopt(pair.ours.get(), SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  ConnectionLimits limits = default_limits();
  limits.sendq = 1 << 24;
  auto connection = open(host, pair, nullptr, limits);
  std::string expected;
  for (int i = 0; i < 2000; ++i) {
    std::string line = "line " + std::to_string(i) + " of a queue longer than the socket buffer\r\n";
    expected += line;
    connection->send(line);
  }
  host.flush_dirty();
  std::string received = pair.read();
  CHECK(received.size() < expected.size());
  for (int round = 0; round < 1000 && received.size() < expected.size(); ++round) {
    connection->flush();  // what EPOLLOUT does
    received += pair.read();
  }
  CHECK(received == expected);
  CHECK_FALSE(connection->closed());
}

TEST_CASE(
    "net::Connection: a write to a vanished peer closes with the error; past the sendq it closes after the batch") {
  auto old = std::signal(SIGPIPE, SIG_IGN);  // as in chatd (writev has no MSG_NOSIGNAL)
  {
    TestHost host;
    Pair pair;
    auto connection = open(host, pair);
    pair.theirs.reset();
    connection->send("to nobody\r\n");
    host.flush_dirty();
    CHECK(connection->closed());
    CHECK(connection->closed_with == "Write error: Broken pipe");
    CHECK(host.forgotten.size() == 1);
  }
  {
    TestHost host;
    Pair pair;
    ConnectionLimits limits = default_limits();
    limits.sendq = 4096;
    auto connection = open(host, pair, nullptr, limits);
    for (int i = 0; i < 100; ++i) connection->send(std::string(100, 'x') + "\r\n");
    CHECK(connection->state() == Connection::State::doomed);  // never closed inline
    host.run_deferred();
    CHECK(connection->closed_with == "SendQ exceeded");
  }
  std::signal(SIGPIPE, old);
}

TEST_CASE("net::Connection: a draining peer gets its answers, then the connection closes") {
  TestHost host;
  Pair pair;
  auto connection = open(host, pair, nullptr, default_limits(), /*drains=*/true);
  pair.write("request\n");
  ::shutdown(pair.theirs.get(), SHUT_WR);
  connection->send("answer\n");
  connection->readable();  // the request
  connection->readable();  // the end of input (epoll is level-triggered: it comes back)
  CHECK(connection->lines == std::vector<std::string>{"request"});
  CHECK(connection->state() == Connection::State::draining);
  host.flush_dirty();
  CHECK(connection->closed());
  CHECK(pair.read() == "answer\nERROR :Request done\r\n");
}

TEST_CASE("net::Connection: a client out of flood tokens stops being read and its lines wait, in order") {
  TestHost host;
  Pair pair;
  ConnectionLimits limits = default_limits();
  limits.flood.line_burst = 2;
  limits.flood.lines_per_second = 1000;
  auto connection = open(host, pair, nullptr, limits);
  pair.write("one\ntwo\nthree\nfour\n");
  connection->readable();
  CHECK(connection->lines == std::vector<std::string>{"one", "two"});
  CHECK(connection->state() == Connection::State::throttled);
  REQUIRE(host.throttled.size() == 1);
  for (int i = 0; i < 100 && connection->release_held(); ++i) usleep(2000);
  CHECK(connection->lines == std::vector<std::string>{"one", "two", "three", "four"});
  CHECK(connection->state() == Connection::State::reading);
}

TEST_CASE("net::Connection: a framing transport frames each line once and cuts frames back into lines") {
  TestHost host;
  Pair pair;
  auto connection = open(host, pair, std::make_unique<testing::FramingTransport>());
  pair.write("[NICK a][USER a 0 * :A][PI");
  connection->readable();
  CHECK(connection->lines == std::vector<std::string>{"NICK a", "USER a 0 * :A"});
  pair.write("NG x]");
  connection->readable();
  CHECK(connection->lines.back() == "PING x");

  auto shared = make_shared_line(":s PRIVMSG #c :hi\r\n:s PRIVMSG #c :again\r\n");
  connection->queue(shared);
  host.flush_dirty();
  CHECK(pair.read() == "[:s PRIVMSG #c :hi][:s PRIVMSG #c :again]");
  // The same line to another connection of this thread reuses the framed form.
  CHECK(testing::FramingTransport::frame_cache_hit(shared));

  pair.write("[bad");
  pair.write(std::string(600, 'x'));
  connection->readable();
  CHECK(connection->closed());
  CHECK(connection->closed_with == "frame too long");
}

TEST_CASE("net::Connection: a sealing transport holds lines until its handshake, then sends only sealed bytes") {
  TestHost host;
  Pair pair;
  auto connection = open(host, pair, std::make_unique<testing::SealingTransport>());
  connection->send("early\r\n");  // queued before the handshake: must wait for it
  host.flush_dirty();
  CHECK(pair.read().empty());

  pair.write(testing::SealingTransport::kHello);
  connection->readable();
  REQUIRE(host.dirty.size() == 1);  // the handshake answer needs a flush
  host.flush_dirty();
  CHECK(pair.read() == std::string(testing::SealingTransport::kWelcome) + testing::seal_text("early\r\n"));

  pair.write(testing::seal_text("PRIVMSG #c :hi\r\n"));
  connection->readable();
  CHECK(connection->lines == std::vector<std::string>{"PRIVMSG #c :hi"});

  connection->close("bye");
  CHECK(pair.read() == testing::seal_text("ERROR :bye\r\n") + testing::SealingTransport::kGoodbye);
}

TEST_CASE("net::Connection: stacked transports frame above and seal below (wss-style)") {
  TestHost host;
  Pair pair;
  auto stack = std::make_unique<testing::StackedTransport>(std::make_unique<testing::SealingTransport>(),
                                                           std::make_unique<testing::FramingTransport>());
  auto connection = open(host, pair, std::move(stack));
  pair.write(std::string(testing::SealingTransport::kHello) + testing::seal_text("[NICK a][PING]"));
  connection->readable();
  CHECK(connection->lines == std::vector<std::string>{"NICK a"});  // PING is the framing layer's own
  host.flush_dirty();
  CHECK(pair.read() == std::string(testing::SealingTransport::kWelcome) + testing::seal_text("[PONG]"));
  connection->send(":s 001 a :hi\r\n");
  host.flush_dirty();
  CHECK(pair.read() == testing::seal_text("[:s 001 a :hi]"));
}
