// The admin socket's own limits: it comes back by itself after running out of fds, idle
// connections are closed, and leaking scripts cannot take root's last slot.
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "support/chatd_process.hpp"
#include "support/irc_client.hpp"

namespace {

using chatd::test::chatctl_binary;
using chatd::test::ChatdOptions;
using chatd::test::ChatdProcess;
using chatd::test::free_port;
using chatd::test::IrcClient;
using chatd::test::run_program;
using chatd::test::TempDir;

// The admin group is Debian's "nogroup", the primary group of "nobody": the unprivileged peer
// below is an authorized admin that is not root.
std::string config(std::uint16_t port, const std::string& socket, const std::string& admin_extra = "") {
  return "[server]\nname = \"test.chatd\"\n\n[[listen]]\naddress = \"127.0.0.1:" + std::to_string(port) +
         "\"\n\n[limits]\nmax_per_ip = 1000\n\n[admin]\nsocket = \"" + socket + "\"\ngroup = \"nogroup\"\n" +
         admin_extra;
}

// What a peer with uid `uid` reads first from the admin socket (it connects in a forked child
// that drops to that uid), or "" if nothing came within a few seconds.
std::string first_reply_as(uid_t uid, const std::string& socket) {
  int out[2];
  REQUIRE(::pipe(out) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(out[0]);
    if (::setgid(uid) != 0 || ::setuid(uid) != 0) ::_exit(2);
    IrcClient client = IrcClient::unix_socket(socket);
    client.send(R"({"v":1,"cmd":"status"})");
    auto line = client.read_line(5000);
    std::string text = line.value_or("");
    (void)!::write(out[1], text.data(), text.size());
    ::_exit(0);
  }
  ::close(out[1]);
  std::string reply;
  char chunk[4096];
  for (ssize_t n; (n = ::read(out[0], chunk, sizeof chunk)) > 0;) reply.append(chunk, static_cast<std::size_t>(n));
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return reply;
}

bool wait_for_log(const ChatdProcess& chatd, const std::string& text) {
  for (int i = 0; i < 200; ++i) {
    if (chatd.log().find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

}  // namespace

TEST_CASE("admin-slots: after accept on the admin socket runs out of fds, chatctl works again once fds are free") {
  TempDir run_dir;
  const std::string socket = run_dir.path() + "/admin.sock";
  const std::uint16_t port = free_port();
  ChatdOptions opts;
  opts.max_fds = 40;
  ChatdProcess chatd(config(port, socket), port, opts);
  std::vector<IrcClient> hogs;
  for (int i = 0; i < 60; ++i) hogs.emplace_back(port);  // the kernel completes them; chatd runs out of fds
  REQUIRE(wait_for_log(chatd, "accept on 127.0.0.1:" + std::to_string(port) + ": out of resources"));

  // chatctl's connection waits in the admin socket's backlog; chatd cannot accept it either.
  auto waiting = IrcClient::unix_socket(socket);
  REQUIRE(wait_for_log(chatd, "accept on " + socket + ": out of resources"));
  hogs.clear();
  // The paused admin acceptor re-arms itself: the waiting request and a new chatctl are served.
  REQUIRE(wait_for_log(chatd, "accept on " + socket + ": accepting new connections again"));
  waiting.send(R"({"v":1,"cmd":"status"})");
  auto reply = waiting.read_line(5000);
  REQUIRE(reply.has_value());
  CHECK(reply->find("\"ok\":true") != std::string::npos);
  auto ctl = run_program(chatctl_binary(), {"--socket", socket, "status"});
  CHECK_MESSAGE(ctl.status == 0, ctl.output);
}

TEST_CASE("admin-slots: idle connections are closed; scripts cannot take root's last slot") {
  if (::geteuid() != 0) {
    MESSAGE("skipped: needs root to connect as another uid");
    return;
  }
  TempDir run_dir;
  ::chmod(run_dir.path().c_str(), 0755);  // the unprivileged peer must reach the socket
  const std::string socket = run_dir.path() + "/admin.sock";
  const std::uint16_t port = free_port();
  ChatdProcess chatd(config(port, socket, "idle_timeout = 2\n"), port);
  constexpr uid_t kNobody = 65534;

  // With room to spare, an unprivileged member of the admin group is served.
  CHECK(first_reply_as(kNobody, socket).find("\"ok\":true") != std::string::npos);

  std::vector<IrcClient> idle;
  for (int i = 0; i < 31; ++i) {
    idle.push_back(IrcClient::unix_socket(socket));
    idle.back().send(R"({"v":1,"cmd":"status"})");
    REQUIRE(idle.back().read_line(5000).has_value());  // accepted and answered, then silent
  }
  // 31 open: the last slot is root's. Anyone else is told so; root still gets in.
  CHECK(first_reply_as(kNobody, socket).find("too many admin connections") != std::string::npos);
  auto root = run_program(chatctl_binary(), {"--socket", socket, "status"});
  CHECK_MESSAGE(root.status == 0, root.output);
  auto last = IrcClient::unix_socket(socket);  // the 32nd
  last.send(R"({"v":1,"cmd":"status"})");
  REQUIRE(last.read_line(5000).has_value());
  auto over = IrcClient::unix_socket(socket);  // the 33rd, even for root
  auto refused = over.read_line(5000);
  REQUIRE(refused.has_value());
  CHECK(refused->find("too many admin connections") != std::string::npos);

  // Silent past idle_timeout: closed by chatd (the peer reads the end of the stream).
  for (auto& client : idle) {
    auto line = client.read_line(10000);
    CHECK_FALSE(line.has_value());
    CHECK(client.closed());
  }
  CHECK(chatd.log().find("idle for 2 s; closing") != std::string::npos);
  CHECK(first_reply_as(kNobody, socket).find("\"ok\":true") != std::string::npos);
}
