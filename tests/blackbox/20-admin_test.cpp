// The admin endpoint: a real chatd with its admin socket in a temp dir, driven by the real
// chatctl binary ($CHATCTL) and by raw JSON lines on the socket, checked against what IRC
// clients see.
#include <doctest/doctest.h>
#include <grp.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/chatd_process.hpp"
#include "support/irc_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"
#include "support/wait.hpp"

namespace {

using namespace chatd::test;
using namespace chatd::test::protocol;
using Json = nlohmann::json;

// The group tests may put on the socket: the caller's own primary group.
std::string own_group() {
  group* g = ::getgrgid(::getgid());
  return g ? g->gr_name : "root";
}

ChatdConfig admin_config(const std::string& socket, const std::string& motd, const std::string& group = own_group()) {
  return {.server = "motd = \"" + motd + "\"\n",
          .extra = "[admin]\nsocket = \"" + socket + "\"\ngroup = \"" + group + "\"\n"};
}

// One chatd with an admin socket in a directory of its own.
struct Admin {
  explicit Admin(std::string motd = "Hello from chatd", std::string group = own_group())
      : socket(run_dir.path() + "/admin.sock"), chatd(admin_config(socket, motd, group)) {}

  RunResult ctl(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--socket", socket});
    return run_program(chatctl_binary(), args);
  }

  // A raw connection to the socket, one JSON line per request.
  IrcClient connect() const { return IrcClient::unix_socket(socket); }

  // Rewrites the config with another MOTD (same socket and group), e.g. before a reload.
  void write_config(const std::string& motd) { chatd.write_config(admin_config(socket, motd)); }

  TempDir run_dir;
  std::string socket;
  Chatd chatd;
};

Json call(IrcClient& admin, const std::string& request) {
  REQUIRE(admin.send(request));
  auto line = admin.read_line();
  REQUIRE_MESSAGE(line.has_value(), "no reply to " << request);
  return Json::parse(*line);
}

Json call(const Admin& admin, const std::string& request) {
  IrcClient client = admin.connect();
  return call(client, request);
}

// Whether the reply's "error" text says `text`.
bool error_says(const Json& reply, std::string_view text) {
  return reply.contains("error") && contains(reply["error"].get<std::string>(), text);
}

IrcClient joined(const Admin& admin, const std::string& nick, const std::string& channel = "") {
  IrcClient client = admin.chatd.registered(nick);
  if (!channel.empty()) join_channel(client, channel);
  return client;
}

}  // namespace

TEST_CASE("admin: the socket is 0660 in the configured group, replaces a stale file, goes on shutdown") {
  TempDir dir;
  const std::string socket = dir.path() + "/admin.sock";
  {
    // A socket file nobody listens on: what a crashed daemon leaves behind.
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket.c_str());
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    ::close(fd);
  }
  Chatd chatd(admin_config(socket, "hi"));
  struct stat st;
  REQUIRE(::stat(socket.c_str(), &st) == 0);
  CHECK(S_ISSOCK(st.st_mode));
  CHECK((st.st_mode & 0777) == 0660);
  CHECK(st.st_gid == ::getgid());
  auto status = run_program(chatctl_binary(), {"--socket", socket, "status"});
  CHECK(status.status == 0);
  CHECK(contains(status.output, "test.chatd"));
  CHECK(chatd.process.stop() == 0);
  CHECK_FALSE(std::filesystem::exists(socket));
}

TEST_CASE("admin: a group that does not exist leaves the socket to root, with a warning") {
  Admin admin("hi", "no-such-group-chatd-test");
  struct stat st;
  REQUIRE(::stat(admin.socket.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(contains(admin.chatd.process.log(), "group \"no-such-group-chatd-test\" does not exist"));
  if (::getuid() == 0) CHECK(call(admin, R"({"v":1,"cmd":"status"})")["ok"] == true);
}

TEST_CASE("admin: status, users and channels reflect the chat") {
  Admin admin;
  IrcClient alice = joined(admin, "alice", "#lab");
  IrcClient bob = joined(admin, "bob", "#lab");
  alice.send("TOPIC #lab :robots");
  bob.expect("TOPIC #lab :robots");

  Json status = call(admin, R"({"v":1,"cmd":"status","id":"s1"})");
  CHECK(status["ok"] == true);
  CHECK(status["id"] == "s1");
  CHECK(status["data"]["clients"] == 2);
  CHECK(status["data"]["channels"] == 1);
  CHECK(status["data"]["bridges"] == 0);
  CHECK(status["data"]["server"] == "test.chatd");

  Json users = call(admin, R"({"v":1,"cmd":"users"})")["data"]["users"];
  REQUIRE(users.size() == 2);
  CHECK(users[0]["nick"] == "alice");
  CHECK(users[0]["user"] == "alice");
  CHECK(users[0]["host"] == "127.0.0.1");
  CHECK(users[0]["channels"] == Json::array({"#lab"}));
  CHECK(users[1]["nick"] == "bob");

  Json channels = call(admin, R"({"v":1,"cmd":"channels"})")["data"]["channels"];
  REQUIRE(channels.size() == 1);
  CHECK(channels[0]["name"] == "#lab");
  CHECK(channels[0]["members"] == Json::array({"@alice", "bob"}));
  CHECK(channels[0]["modes"] == "+nt");
  CHECK(channels[0]["topic"] == "robots");

  auto table = admin.ctl({"users"});
  CHECK(table.status == 0);
  CHECK(contains(table.output, "alice@127.0.0.1"));
  CHECK(contains(admin.ctl({"channels"}).output, "robots"));
  CHECK(call(admin, R"({"v":1,"cmd":"bridges"})")["data"] == Json{{"bridges", Json::array()}});
}

TEST_CASE("admin: announce reaches everyone, or exactly one channel") {
  Admin admin;
  IrcClient alice = joined(admin, "alice", "#lab");
  IrcClient bob = joined(admin, "bob", "#lab");
  alice.expect(":bob!bob@127.0.0.1 JOIN #lab");
  IrcClient carol = joined(admin, "carol");

  auto all = admin.ctl({"announce", "Server restarts at 18:00"});
  CHECK(all.status == 0);
  CHECK(contains(all.output, "announced to 3 user(s)"));
  CHECK(alice.read_line() == ":test.chatd NOTICE alice :[announcement] Server restarts at 18:00");
  CHECK(bob.read_line() == ":test.chatd NOTICE bob :[announcement] Server restarts at 18:00");
  CHECK(carol.read_line() == ":test.chatd NOTICE carol :[announcement] Server restarts at 18:00");

  auto lab = admin.ctl({"announce", "--channel", "#lab", "lab", "closes"});
  CHECK(lab.status == 0);
  CHECK(alice.read_line() == ":test.chatd NOTICE #lab :[announcement] lab closes");
  CHECK(bob.read_line() == ":test.chatd NOTICE #lab :[announcement] lab closes");
  carol.expect_silence();

  auto missing = admin.ctl({"announce", "--channel", "#nowhere", "hello"});
  CHECK(missing.status == 1);
  CHECK(contains(missing.output, "no such channel: #nowhere"));
  alice.expect_silence(100);

  // No bridge configured: nowhere to send is an error (24-chatctl checks that nobody hears it).
  Json bridges = call(admin, R"({"v":1,"cmd":"announce","text":"x","bridges":true})");
  CHECK(bridges["ok"] == false);
  CHECK(contains(bridges["error"].get<std::string>(), "no bridge is configured"));
}

TEST_CASE("admin: kick is a real KICK seen by the channel") {
  Admin admin;
  IrcClient bob = joined(admin, "bob", "#lab");
  IrcClient alice = joined(admin, "alice", "#lab");
  bob.expect("JOIN #lab");
  IrcClient carol = joined(admin, "carol");

  auto kick = admin.ctl({"kick", "alice", "#lab", "be", "nice"});
  CHECK(kick.status == 0);
  CHECK(alice.read_line() == ":test.chatd KICK #lab alice :be nice");
  CHECK(bob.read_line() == ":test.chatd KICK #lab alice :be nice");
  carol.expect_silence();
  CHECK(call(admin, R"({"v":1,"cmd":"channels"})")["data"]["channels"][0]["members"] == Json::array({"@bob"}));

  bob.send("PRIVMSG #lab :still here");
  alice.expect_silence();
  auto again = admin.ctl({"kick", "alice", "#lab"});
  CHECK(again.status == 1);
  CHECK(contains(again.output, "alice is not on #lab"));
  CHECK(admin.ctl({"kick", "nobody", "#lab"}).status == 1);
  CHECK(contains(admin.chatd.process.log(), R"("cmd":"kick")"));
}

TEST_CASE("admin: disconnect sends ERROR to the client and QUIT to its peers") {
  Admin admin;
  IrcClient alice = joined(admin, "alice", "#lab");
  IrcClient bob = joined(admin, "bob", "#lab");
  alice.expect("JOIN #lab");

  auto result = admin.ctl({"disconnect", "bob", "bye"});
  CHECK(result.status == 0);
  auto lines = bob.read_until_closed();
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.back() == "ERROR :Closing link: bob[127.0.0.1] (bye)");
  CHECK(alice.read_line() == ":bob!bob@127.0.0.1 QUIT :bye");
  CHECK(call(admin, R"({"v":1,"cmd":"users"})")["data"]["users"].size() == 1);
  CHECK(admin.ctl({"disconnect", "bob"}).status == 1);
}

TEST_CASE("admin: reload applies a new MOTD and reports what changed") {
  Admin admin("old news");
  IrcClient alice = joined(admin, "alice", "#lab");
  ChatdConfig fresh = admin_config(admin.socket, "fresh news");
  fresh.limits = "sendq = 65536\n";
  admin.chatd.write_config(fresh);

  auto result = admin.ctl({"reload"});
  CHECK(result.status == 0);
  CHECK(contains(result.output, "server.motd"));
  CHECK(contains(result.output, "limits.sendq"));
  std::vector<std::string> welcome;
  IrcClient bob = admin.chatd.registered("bob", welcome);
  CHECK(any_contains(welcome, "372 bob :- fresh news"));

  // A key that needs a restart is applied later, but reported now.
  std::string text = fresh.text(admin.chatd.port);
  text.replace(text.find("test.chatd"), 10, "other.chatd");
  admin.chatd.process.write_config(text);
  Json reply = call(admin, R"({"v":1,"cmd":"reload"})");
  CHECK(reply["ok"] == true);
  CHECK(reply["data"]["restart_needed"] == Json::array({"server.name"}));
  round_trip(alice, "still");
}

TEST_CASE("admin: SIGHUP takes the same reload path") {
  Admin admin("old news");
  admin.write_config("signal news");
  REQUIRE(admin.chatd.process.send_signal(SIGHUP));
  IrcClient bob = admin.chatd.connect();
  // The signal is handled asynchronously: the reload is done once chatd has logged it
  // (bounded at 10 s: under ThreadSanitizer on a busy machine 1 s was not enough).
  REQUIRE_MESSAGE(wait_for_log(admin.chatd.process, "reload: server.motd changed", 10000),
                  "chatd " << std::string(admin.chatd.process.running() ? "running" : "exited") << "; its log:\n"
                           << admin.chatd.process.log());
  CHECK(any_contains(bob.register_as("bob"), "372 bob :- signal news"));
}

TEST_CASE("admin: reloads racing new clients keep every client and one MOTD each") {
  // The config is swapped while workers read it for each new client: under ThreadSanitizer this
  // is the test that shows the swap is safe (an unlucky SIGHUP once found a race here).
  Admin admin("news 0");
  IrcClient alice = joined(admin, "alice", "#lab");
  for (int round = 1; round <= 20; ++round) {
    admin.write_config("news " + std::to_string(round));
    // Connected first, so chatd accepts them while it handles the signal.
    std::vector<IrcClient> clients;
    for (int i = 0; i < 3; ++i) clients.push_back(admin.chatd.connect());
    REQUIRE(admin.chatd.process.send_signal(SIGHUP));
    for (std::size_t i = 0; i < clients.size(); ++i) {
      bool motd = false;
      for (const auto& line : clients[i].register_as("u" + std::to_string(round) + "x" + std::to_string(i))) {
        motd = motd || (contains(line, " 372 ") && contains(line, ":- news "));
      }
      CHECK(motd);
    }
    REQUIRE_MESSAGE(admin.chatd.process.running(), "chatd died in round " << round << "; its log:\n"
                                                                          << admin.chatd.process.log());
  }
  round_trip(alice, "alive");
}

TEST_CASE("admin: a broken config fails the reload, keeps the old one and every client") {
  Admin admin("old news");
  IrcClient alice = joined(admin, "alice", "#lab");
  IrcClient bob = joined(admin, "bob", "#lab");
  admin.chatd.process.write_config("[server]\nname = \"test.chatd\"\nmotd = 42\nbogus = true\n");

  auto result = admin.ctl({"reload"});
  CHECK(result.status == 1);
  CHECK(contains(result.output, "reload failed"));
  CHECK(contains(result.output, "server.motd"));
  CHECK(contains(result.output, "server.bogus"));
  Json reply = call(admin, R"({"v":1,"cmd":"reload"})");
  CHECK(reply["ok"] == false);
  CHECK(reply["errors"].size() >= 2);
  Json invalid_utf8 = call(admin, "{\"v\":1,\"cmd\":\"announce\",\"text\":\"\xff\"}");
  CHECK(error_says(invalid_utf8, "malformed JSON"));

  alice.send("PRIVMSG #lab :after the failed reload");
  bob.expect(":alice!alice@127.0.0.1 PRIVMSG #lab :after the failed reload");
  std::vector<std::string> welcome;
  IrcClient carol = admin.chatd.registered("carol", welcome);
  CHECK(any_contains(welcome, "372 carol :- old news"));
}

TEST_CASE("admin: malformed, oversized and unknown requests get errors and the connection lives") {
  Admin admin;
  IrcClient raw = admin.connect();
  Json bad = call(raw, "{not json");
  CHECK(bad["ok"] == false);
  CHECK(error_says(bad, "malformed JSON"));

  CHECK(raw.send_raw(std::string(1 << 20, 'x') + "\n"));
  auto big = raw.read_line();
  REQUIRE(big);
  CHECK(Json::parse(*big)["ok"] == false);
  CHECK(error_says(Json::parse(*big), "request too long"));

  Json unknown = call(raw, R"({"v":1,"cmd":"selfdestruct","id":9})");
  CHECK(unknown["ok"] == false);
  CHECK(unknown["id"] == 9);
  CHECK(error_says(unknown, "unknown command \"selfdestruct\""));
  CHECK(error_says(call(raw, R"({"v":2,"cmd":"status"})"), "unsupported protocol version 2"));
  CHECK(error_says(call(raw, R"({"cmd":"status"})"), "missing \"v\""));
  CHECK(error_says(call(raw, R"([1,2])"), "JSON object"));
  CHECK(error_says(call(raw, R"({"v":1,"cmd":"kick","nick":"a","chanel":"#x"})"), "unknown field \"chanel\""));
  CHECK(error_says(call(raw, R"({"v":1,"cmd":"announce","text":7})"), "\"text\" must be a string"));

  CHECK(call(raw, R"({"v":1,"cmd":"status"})")["ok"] == true);
  CHECK(admin.chatd.process.running());
}

TEST_CASE("admin: stats count traffic and fan-out") {
  Admin admin;
  IrcClient alice = joined(admin, "alice", "#lab");
  IrcClient bob = joined(admin, "bob", "#lab");
  alice.send("PRIVMSG #lab :counted");
  bob.expect("counted");
  Json stats = call(admin, R"({"v":1,"cmd":"stats"})")["data"];
  CHECK(stats["lines_in"] >= 7);
  CHECK(stats["bytes_in"] > 0);
  CHECK(stats["bytes_out"] > 0);
  CHECK(stats["messages_out"] >= 1);
  CHECK(stats["deliveries"] >= 2);
  CHECK(stats["sendq_kills"] == 0);
  CHECK(stats["bridges"] == Json::array());
  CHECK(contains(admin.ctl({"stats"}).output, "fan-out deliveries"));
}

TEST_CASE("admin: chatctl exit codes for usage errors and a missing daemon") {
  TempDir dir;
  auto usage = run_program(chatctl_binary(), {"--socket", dir.path() + "/x.sock", "kick", "alice"});
  CHECK(usage.status == 2);
  CHECK(run_program(chatctl_binary(), {"frobnicate"}).status == 2);
  CHECK(run_program(chatctl_binary(), {}).status == 2);
  CHECK(run_program(chatctl_binary(), {"--help"}).status == 0);
  CHECK(run_program(chatctl_binary(), {"announce", "--help"}).status == 0);

  auto absent = run_program(chatctl_binary(), {"--socket", dir.path() + "/x.sock", "status"});
  CHECK(absent.status == 3);
  CHECK(contains(absent.output, dir.path() + "/x.sock"));
  CHECK(contains(absent.output, "no such socket"));
}

TEST_CASE("admin: a uid outside the group is refused") {
  if (::getuid() != 0 || !::getpwnam("nobody")) {
    MESSAGE("skipped: needs root and a 'nobody' user to run chatctl as another uid");
    return;
  }
  // Group root on the socket; nobody runs with gid root, so the file lets it connect and the
  // daemon's SO_PEERCRED check (nobody's own groups) is what refuses it.
  Admin admin("hi", "root");
  ::chmod(admin.run_dir.path().c_str(), 0711);
  const std::string ctl = admin.run_dir.path() + "/chatctl";
  std::filesystem::copy_file(chatctl_binary(), ctl);
  ::chmod(ctl.c_str(), 0755);

  auto refused = run_program("/usr/bin/setpriv", {"--reuid", "nobody", "--regid", "root", "--clear-groups", ctl,
                                                  "--socket", admin.socket, "status"});
  CHECK(refused.status == 1);
  CHECK(contains(refused.output, "permission denied: uid 65534 is not root and not in group root"));
  CHECK(contains(admin.chatd.process.log(), "uid 65534"));

  auto locked_out = run_program("/usr/bin/setpriv", {"--reuid", "nobody", "--regid", "nogroup", "--clear-groups", ctl,
                                                     "--socket", admin.socket, "status"});
  CHECK(locked_out.status == 3);
  CHECK(contains(locked_out.output, "permission denied"));
  CHECK(admin.ctl({"status"}).status == 0);
}
