// The admin socket's start-up check: chatd replaces a socket file only when it is provably
// stale (a connect is refused). A socket something still listens on, or one chatd may not
// connect to (so cannot check), is left alone, with the reason, and chatd runs without its
// admin socket.
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/admin_socket.hpp"
#include "support/chatd_process.hpp"
#include "support/irc_client.hpp"
#include "support/text_file.hpp"

namespace {

using chatd::test::admin_table;
using chatd::test::basic_config;
using chatd::test::chatd_binary;
using chatd::test::ChatdProcess;
using chatd::test::ChildProcess;
using chatd::test::free_port;
using chatd::test::IrcClient;
using chatd::test::read_text_file;
using chatd::test::run_program;
using chatd::test::TempDir;

// A listening UNIX socket at `path`, as a running chatd's would be. Closed on destruction.
struct LiveSocket {
  explicit LiveSocket(const std::string& path) : fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd, 4) == 0);
  }
  ~LiveSocket() { ::close(fd); }
  int fd;
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Waits until chatd serves IRC on `port` (it opens the admin socket before its listeners).
bool serving(std::uint16_t port) {
  for (int i = 0; i < 100; ++i) {
    try {
      IrcClient probe(port);
      return true;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  return false;
}

}  // namespace

TEST_CASE("admin_socket: a socket another server listens on is left alone, not called stale") {
  TempDir dir;
  const std::string socket = dir.path() + "/admin.sock";
  LiveSocket live(socket);
  const auto port = free_port();
  {
    ChatdProcess chatd(basic_config(port, admin_table(socket)), port);
    const std::string log = chatd.log();
    CHECK(contains(log, "admin socket " + socket + " is in use by a running chatd"));
    CHECK_FALSE(contains(log, "stale"));
    CHECK(chatd.stop() == 0);
  }
  // The live server's socket is still there, and still answers.
  struct stat st;
  CHECK(::stat(socket.c_str(), &st) == 0);
  CHECK(IrcClient::unix_socket(socket).fd() >= 0);
}

TEST_CASE("admin_socket: a socket chatd may not connect to is left alone, with the reason") {
  TempDir dir;
  const std::string socket = dir.path() + "/admin.sock";
  LiveSocket live(socket);
  // Nobody without CAP_DAC_OVERRIDE may connect to it now, its owner included.
  REQUIRE(::chmod(socket.c_str(), 0) == 0);
  const auto port = free_port();
  const std::string config = dir.path() + "/chatd.toml";
  std::ofstream(config) << basic_config(port, admin_table(socket));
  std::vector<std::string> args{chatd_binary(), "--config", config};
  std::string program = chatd_binary();
  if (::geteuid() == 0) {
    // Root connects anyway; drop the capabilities that let it, as for a chatd run as a user
    // who cannot touch /run/chatd/admin.sock.
    if (run_program("setpriv", {"--version"}).status != 0) {
      MESSAGE("skipped: running as root without setpriv(1)");
      return;
    }
    program = "setpriv";
    args.insert(args.begin(), {"--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"});
  } else {
    args.erase(args.begin());
  }
  ChildProcess chatd(program, args, dir.path() + "/chatd.log");
  REQUIRE(serving(port));
  const std::string log = read_text_file(dir.path() + "/chatd.log");
  CAPTURE(log);
  CHECK(contains(log, "admin socket " + socket + " may be in use by a running chatd: cannot connect to it"));
  CHECK(contains(log, "Permission denied"));
  CHECK_FALSE(contains(log, "stale"));
  CHECK(chatd.stop() == 0);
  CHECK(std::filesystem::exists(socket));
}
