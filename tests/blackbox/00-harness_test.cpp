// Self-test of the black-box harness (tests/support), run without chatd: IrcClient talks to a
// scripted line server in a thread, and ChatdProcess/run_chatd drive stand-in shell scripts. If
// these fail, every other black-box failure is suspect.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/chatd_process.hpp"
#include "support/irc_client.hpp"
#include "support/wait.hpp"

namespace {

using namespace chatd::test;

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Stands in for chatd: every line a client sends is a command that makes the server answer in a
// particular, awkward way (pieces, LF only, delays, closing). One thread serves all connections.
class ScriptServer {
 public:
  ScriptServer() : port_(free_port()) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 16) != 0) {
      ::close(listen_fd_);
      throw std::runtime_error("ScriptServer: cannot listen");
    }
    thread_ = std::thread([this] { run(); });
  }
  ~ScriptServer() {
    stop_ = true;
    thread_.join();
    for (auto& c : conns_) ::close(c.fd);
    ::close(listen_fd_);
  }
  ScriptServer(const ScriptServer&) = delete;
  ScriptServer& operator=(const ScriptServer&) = delete;

  std::uint16_t port() const { return port_; }

 private:
  struct Conn {
    int fd;
    std::string buffer;
    std::string nick;
    std::string pass;
  };

  // A reply LATER sends when it is due, so that waiting for it holds up no other connection.
  struct Delayed {
    std::chrono::steady_clock::time_point due;
    int fd;
    std::string text;
  };

  void send_due() {
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(delayed_, [&](const Delayed& d) {
      if (d.due > now) return false;
      write_all(d.fd, d.text);
      return true;
    });
  }

  void run() {
    while (!stop_) {
      send_due();
      std::vector<pollfd> fds{{listen_fd_, POLLIN, 0}};
      for (auto& c : conns_) fds.push_back({c.fd, POLLIN, 0});
      if (::poll(fds.data(), fds.size(), 10) <= 0) continue;
      if (fds[0].revents & POLLIN) {
        int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) conns_.push_back({fd, {}, {}, {}});
      }
      for (std::size_t i = 1; i < fds.size(); ++i) {
        if (fds[i].revents == 0) continue;
        Conn& c = conns_[i - 1];
        char chunk[4096];
        ssize_t n = ::recv(c.fd, chunk, sizeof chunk, 0);
        if (n <= 0) {
          close_conn(c);
          continue;
        }
        c.buffer.append(chunk, static_cast<std::size_t>(n));
        std::size_t lf;
        while (c.fd >= 0 && (lf = c.buffer.find('\n')) != std::string::npos) {
          std::string line = c.buffer.substr(0, lf);
          c.buffer.erase(0, lf + 1);
          if (!line.empty() && line.back() == '\r') line.pop_back();
          handle(c, line);
        }
      }
      std::erase_if(conns_, [](const Conn& c) { return c.fd < 0; });
    }
  }

  void close_conn(Conn& c) {
    std::erase_if(delayed_, [&](const Delayed& d) { return d.fd == c.fd; });
    ::close(c.fd);
    c.fd = -1;
  }

  static std::string arg(const std::string& line) {
    auto sp = line.find(' ');
    return sp == std::string::npos ? std::string() : line.substr(sp + 1);
  }

  void handle(Conn& c, const std::string& line) {
    const std::string cmd = line.substr(0, line.find(' '));
    if (cmd == "ECHO") {
      write_all(c.fd, arg(line) + "\r\n");
    } else if (cmd == "LF") {
      write_all(c.fd, arg(line) + "\n");
    } else if (cmd == "PIECES") {
      write_all(c.fd, "first li");
      sleep_ms(50);
      write_all(c.fd, "ne\r");
      sleep_ms(50);
      write_all(c.fd, "\nsecond");
      sleep_ms(50);
      write_all(c.fd, " line\n");
    } else if (cmd == "BURST") {
      write_all(c.fd, ":s NOTICE * :one\r\n:s 353 x = #c :a b\r\n:s 366 x #c :End of /NAMES list\r\n");
    } else if (cmd == "MANY") {
      std::string all;
      for (int i = 0; i < std::stoi(arg(line)); ++i) all += "line " + std::to_string(i) + "\r\n";
      write_all(c.fd, all);
    } else if (cmd == "LATER") {
      const std::string rest = arg(line);
      const auto delay = std::chrono::milliseconds(std::stoi(rest.substr(0, rest.find(' '))));
      delayed_.push_back({std::chrono::steady_clock::now() + delay, c.fd, arg(rest) + "\r\n"});
    } else if (cmd == "CLOSE") {
      write_all(c.fd, "ERROR :Closing link\r\nno newline at the end");
      close_conn(c);
    } else if (cmd == "PASS") {
      c.pass = arg(line);
    } else if (cmd == "NICK") {
      c.nick = arg(line);
      if (c.nick == "pinger") write_all(c.fd, "PING :cookie42\r\n");
    } else if (cmd == "PONG") {
      write_all(c.fd, ":s NOTICE * :got " + arg(line) + "\r\n");
    } else if (cmd == "USER") {
      if (c.pass == "wrong") {
        write_all(c.fd, ":s 464 * :Password incorrect\r\n");
        return;
      }
      write_all(c.fd, ":s 001 " + c.nick + " :Welcome\r\n:s 005 " + c.nick + " CHANTYPES=# :are supported\r\n");
      sleep_ms(30);
      if (c.pass == "nomotd") {
        write_all(c.fd, ":s 422 " + c.nick + " :MOTD File is missing\r\n");
      } else {
        write_all(c.fd, ":s 375 " + c.nick + " :- s Message of the day -\r\n:s 372 " + c.nick + " :- hi\r\n:s 376 " +
                            c.nick + " :End of /MOTD command.\r\n");
      }
    }
    // Anything else gets no answer, which is what the silence tests rely on.
  }

  std::uint16_t port_;
  int listen_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::vector<Conn> conns_;
  std::vector<Delayed> delayed_;
  std::thread thread_;
};

// A line the script server sends on a connection of its own `ms` after it is made: a harness
// call that must return promptly (not wait out a long default) is over before it, and rang()
// tells whether it has come.
class Alarm {
 public:
  Alarm(const ScriptServer& server, int ms) : client_(server.port()) {
    client_.send("LATER " + std::to_string(ms) + " ring");
  }
  bool rang() { return client_.read_line(0).has_value(); }

 private:
  IrcClient client_;
};

std::string write_script(const TempDir& dir, const std::string& name, const std::string& body) {
  const std::string path = dir.path() + "/" + name;
  {
    std::ofstream out(path);
    out << "#!/bin/sh\n" << body;
  }
  ::chmod(path.c_str(), 0755);
  return path;
}

}  // namespace

TEST_CASE("harness: free_port returns a port that can be bound") {
  const auto port = free_port();
  CHECK(port > 0);
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  ::close(fd);
}

TEST_CASE("harness: connecting to a port nobody listens on throws") {
  CHECK_THROWS_AS(IrcClient{free_port()}, std::runtime_error);
  CHECK_THROWS_AS((IrcClient{6667, "not-a-number"}), std::runtime_error);
}

TEST_CASE("harness: send and read_line strip CR LF and LF-only endings") {
  ScriptServer server;
  IrcClient client(server.port());
  CHECK(client.fd() >= 0);
  CHECK(client.send("ECHO hello world"));
  CHECK(client.read_line() == "hello world");
  CHECK(client.send_raw("LF only a line feed\n"));
  CHECK(client.read_line() == "only a line feed");
  CHECK(client.send_raw("ECHO two\r\nECHO in one write\r\n"));
  CHECK(client.read_line() == "two");
  CHECK(client.read_line() == "in one write");
  CHECK(client.send("ECHO "));
  CHECK(client.read_line() == "");
  CHECK_FALSE(client.closed());
}

TEST_CASE("harness: a line arriving in pieces is returned whole") {
  ScriptServer server;
  IrcClient client(server.port());
  client.send("PIECES");
  CHECK(client.read_line() == "first line");
  CHECK(client.read_line() == "second line");
  CHECK(client.pending().empty());
}

TEST_CASE("harness: many lines in one burst all arrive in order") {
  ScriptServer server;
  IrcClient client(server.port());
  client.send("MANY 3000");
  for (int i = 0; i < 3000; ++i) {
    auto line = client.read_line();
    REQUIRE(line.has_value());
    REQUIRE(*line == "line " + std::to_string(i));
  }
  client.expect_silence(50);
}

TEST_CASE("harness: expect skips unrelated lines and keeps them in skipped()") {
  ScriptServer server;
  IrcClient client(server.port());
  client.send("BURST");
  CHECK(client.expect(" 366 ") == ":s 366 x #c :End of /NAMES list");
  REQUIRE(client.skipped().size() == 2);
  CHECK(client.skipped()[0] == ":s NOTICE * :one");
  CHECK(client.skipped()[1] == ":s 353 x = #c :a b");

  client.send("ECHO :s 001 nick :Welcome");
  CHECK(client.expect_re(R"(^:\S+ 001 nick )") == ":s 001 nick :Welcome");
  CHECK(client.skipped().empty());
}

TEST_CASE("harness: expect and read_line wait for a line that comes later") {
  ScriptServer server;
  IrcClient client(server.port());
  client.send("LATER 200 late line");
  CHECK(client.expect("late", 2000) == "late line");
  client.send("LATER 200 later line");
  CHECK(client.read_line(2000) == "later line");
}

TEST_CASE("harness: timeouts return promptly, and a line after them is not lost") {
  ScriptServer server;
  IrcClient client(server.port());
  client.send("IGNORED");
  client.send("LATER 1500 late line");
  // Each of these gives up before the late line comes: had it waited for it, read_line would
  // return it, expect_silence would fail, and drain would discard it so the last read fails.
  CHECK_FALSE(client.read_line(100).has_value());
  client.expect_silence(100);
  client.drain(100);
  CHECK(client.read_line(5000) == "late line");
}

TEST_CASE("harness: drain discards what arrived but keeps a partial line") {
  ScriptServer server;
  IrcClient client(server.port());
  client.send("BURST");
  client.send_raw("ECHO x\r\n");
  client.drain(200);
  client.expect_silence(50);
  client.send("ECHO after drain");
  CHECK(client.read_line() == "after drain");
}

TEST_CASE("harness: read_until_closed returns every line, the unterminated tail too") {
  ScriptServer server;
  IrcClient client(server.port());
  client.send("ECHO before");
  client.send("CLOSE");
  auto lines = client.read_until_closed();
  CHECK(client.closed());
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "before");
  CHECK(lines[1] == "ERROR :Closing link");
  CHECK(lines[2] == "no newline at the end");

  // After EOF nothing blocks any more.
  Alarm alarm(server, 1000);
  CHECK_FALSE(client.read_line(3000).has_value());
  CHECK_FALSE(alarm.rang());
}

TEST_CASE("harness: sending to a closed connection fails softly instead of killing the test") {
  ScriptServer server;
  IrcClient client(server.port());
  client.send("CLOSE");
  client.read_until_closed();
  bool all_sent = true;
  // The first write after the peer's close may still succeed; the later ones must not.
  for (int i = 0; i < 20 && all_sent; ++i) {
    all_sent = client.send("ECHO into the void");
    sleep_ms(5);
  }
  CHECK_FALSE(all_sent);
}

TEST_CASE("harness: register_as waits for 001 and the end of the MOTD") {
  ScriptServer server;

  IrcClient alice(server.port());
  auto lines = alice.register_as("alice");
  REQUIRE(lines.size() == 5);
  CHECK(lines.front() == ":s 001 alice :Welcome");
  CHECK(lines.back() == ":s 376 alice :End of /MOTD command.");
  alice.expect_silence(50);

  IrcClient bob(server.port());
  lines = bob.register_as("bob", "nomotd");
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.back() == ":s 422 bob :MOTD File is missing");

  // A server that pings before welcoming gets its PONG.
  IrcClient pinger(server.port());
  lines = pinger.register_as("pinger");
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.front() == "PING :cookie42");
  CHECK(lines.back() == ":s 376 pinger :End of /MOTD command.");
}

TEST_CASE("harness: basic_config names the server and the port") {
  const auto text = basic_config(45678);
  CHECK(text.find("45678") != std::string::npos);
  CHECK(text.find("127.0.0.1") != std::string::npos);
  CHECK(text.find("test.chatd") != std::string::npos);

  const auto extended = basic_config(45678, "[limits]\nping_interval = 1");
  CHECK(extended.find(text) == 0);
  CHECK(extended.find("\n[limits]\nping_interval = 1\n") != std::string::npos);
}

TEST_CASE("harness: TempDir is created and removed with its contents") {
  std::string path;
  {
    TempDir dir;
    path = dir.path();
    CHECK(std::filesystem::is_directory(path));
    std::filesystem::create_directories(path + "/a/b");
    std::ofstream(path + "/a/b/file") << "x";
  }
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("harness: run_chatd captures output and exit status") {
  ScopedEnv env("CHATD", "/bin/sh");
  auto result = run_chatd({"-c", "echo to stdout; echo to stderr >&2; exit 3"});
  CHECK(result.status == 3);
  CHECK(result.output == "to stdout\nto stderr\n");

  result = run_chatd({"-c", "kill -TERM $$"});
  CHECK(result.status == 128 + SIGTERM);
}

TEST_CASE("harness: ChatdProcess writes the config, waits for the port and stops the child") {
  TempDir scripts;
  ScopedEnv env("CHATD", write_script(scripts, "fake-chatd", "echo \"fake chatd $*\"\nexec sleep 30\n"));
  ScriptServer listener;  // stands in for the port chatd would open

  ChatdProcess chatd("# config\n", listener.port(), ChatdOptions{{"--foreground"}, true});
  CHECK(chatd.pid() > 0);
  CHECK(chatd.running());
  std::ifstream config(chatd.config_path());
  std::string first_line;
  std::getline(config, first_line);
  CHECK(first_line == "# config");
  CHECK(chatd.config_path() == chatd.dir() + "/chatd.toml");

  wait_until([&] { return !chatd.log().empty(); }, 1000);
  CHECK(chatd.log() == "fake chatd --config " + chatd.config_path() + " --foreground\n");

  CHECK(chatd.stop() == 128 + SIGTERM);
  CHECK_FALSE(chatd.running());
  CHECK(chatd.stop() == 128 + SIGTERM);  // idempotent
}

TEST_CASE("harness: ChatdProcess kills a child that ignores SIGTERM") {
  TempDir scripts;
  ScopedEnv env("CHATD", write_script(scripts, "stubborn", "trap '' TERM\necho trapped\nexec sleep 30\n"));
  ScriptServer server;
  ChatdProcess chatd("", 0, ChatdOptions{{}, false});
  REQUIRE(wait_until([&] { return chatd.log() == "trapped\n"; }));  // the trap is installed
  Alarm alarm(server, 3000);
  CHECK(chatd.stop(SIGTERM, 200) == 128 + SIGKILL);
  CHECK_FALSE(alarm.rang());  // the kill came after 200 ms, not after the default 5 s
  CHECK(::kill(chatd.pid(), 0) != 0);
}

TEST_CASE("harness: ChatdProcess reports a daemon that exits instead of listening") {
  TempDir scripts;
  ScopedEnv env("CHATD", write_script(scripts, "broken", "echo 'config error: no listeners' >&2\nexit 2\n"));
  ScriptServer server;
  Alarm alarm(server, 3000);
  try {
    ChatdProcess chatd(basic_config(free_port()), free_port());
    FAIL("the constructor should have thrown");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    CHECK(what.find("status 2") != std::string::npos);
    CHECK(what.find("config error: no listeners") != std::string::npos);
  }
  CHECK_FALSE(alarm.rang());  // seen at the exit, not after the 5 s wait for the port

  ScopedEnv missing("CHATD", scripts.path() + "/does-not-exist");
  CHECK_THROWS_AS((ChatdProcess{"", free_port()}), std::exception);
}

TEST_CASE("harness: ChatdProcess with expect_start=false lets the test watch the exit") {
  TempDir scripts;
  ScopedEnv env("CHATD", write_script(scripts, "quick", "exit 7\n"));
  ChatdProcess chatd("", 0, ChatdOptions{{}, false});
  CHECK(chatd.wait_exit(2000) == 7);
  CHECK_FALSE(chatd.running());
  CHECK(chatd.stop() == 7);
}
