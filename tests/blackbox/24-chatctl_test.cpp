// chatctl as a newcomer meets it: options anywhere, short usage errors (the same as chatd's),
// status and stats that say what they mean, announce that fails when it has nowhere to send,
// and reload that reports against what is running.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support/admin_socket.hpp"
#include "support/netns.hpp"
#include "support/protocol.hpp"
#include "support/text_file.hpp"

namespace {

using chatd::test::admin_table;
using chatd::test::chatctl;
using chatd::test::ChatdOptions;
using chatd::test::ChatdProcess;
using chatd::test::free_port;
using chatd::test::IrcClient;
using chatd::test::read_text_file;
using chatd::test::run_chatd;
using chatd::test::run_program;
using chatd::test::RunResult;
using chatd::test::TempDir;
using chatd::test::text_lines;
using chatd::test::protocol::expect_quiet;
using chatd::test::protocol::fence;
using Json = nlohmann::json;

// chatd with an admin socket in a directory of its own; `server_keys` go into [server].
struct Admin {
  explicit Admin(const std::string& server_keys = "", const std::string& extra = "", ChatdOptions options = {})
      : socket(run_dir.path() + "/admin.sock"),
        chatd("[server]\nname = \"test.chatd\"\n" + server_keys + "\n[[listen]]\naddress = \"127.0.0.1:" +
                  std::to_string(port) + "\"\n\n" + admin_table(socket) + extra,
              port, std::move(options)) {}

  RunResult ctl(const std::vector<std::string>& args) const { return chatctl(socket, args); }
  Json json(const std::vector<std::string>& args) const {
    RunResult result = ctl(args);
    INFO(result.output);
    REQUIRE(result.status == 0);
    return Json::parse(result.output)["data"];
  }

  TempDir run_dir;
  std::uint16_t port = free_port();
  std::string socket;
  ChatdProcess chatd;
};

}  // namespace

TEST_CASE("chatctl: the global options work after the command too, up to a --") {
  Admin admin;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"status", "--json"}, {"status", "-j"}, {"--json", "status"}, {"status", "--timeout", "5", "--json"}}) {
    CAPTURE(args);
    RunResult result = admin.ctl(args);
    CHECK(result.status == 0);
    CHECK(Json::parse(result.output, nullptr, false)["data"]["server"] == "test.chatd");
  }
  // --socket after the command, and a command's own option beside a global one.
  IrcClient alice(admin.port);
  alice.register_as("alice");
  RunResult announce = run_program(chatd::test::chatctl_binary(),
                                   {"announce", "--channel", "#nowhere", "hi", "--socket", admin.socket, "-j"});
  CHECK(announce.status == 1);
  CHECK(announce.output.find("\"error\": \"no such channel: #nowhere\"") != std::string::npos);
  // After "--" everything is the command's text.
  CHECK(admin.ctl({"announce", "--", "--json", "is", "text"}).status == 0);
  CHECK(alice.expect("NOTICE alice :") == ":test.chatd NOTICE alice :[announcement] --json is text");
}

TEST_CASE("chatctl: usage errors are two short lines, the same from chatd and chatctl") {
  struct Case {
    bool chatd;
    std::vector<std::string> args;
    std::string first_line;
    std::string try_line;
  };
  const std::vector<Case> cases = {
      {true, {"extra"}, "chatd: unexpected argument 'extra'", "Try 'chatd --help'."},
      {true, {"--bogus"}, "chatd: unknown option '--bogus'", "Try 'chatd --help'."},
      {true, {"--config"}, "chatd: --config needs a value (PATH)", "Try 'chatd --help'."},
      {false, {"extra"}, "chatctl: unknown command 'extra'", "Try 'chatctl --help'."},
      {false, {"--bogus", "status"}, "chatctl: unknown option '--bogus'", "Try 'chatctl --help'."},
      {false, {"status", "extra"}, "chatctl: status: unexpected argument 'extra'", "Try 'chatctl status --help'."},
      {false, {"kick", "alice"}, "chatctl: kick: missing CHANNEL", "Try 'chatctl kick --help'."},
      {false, {"kick"}, "chatctl: kick: missing NICK and CHANNEL", "Try 'chatctl kick --help'."},
      {false, {"disconnect"}, "chatctl: disconnect: missing NICK", "Try 'chatctl disconnect --help'."},
      {false,
       {"announce", "--bogus", "x"},
       "chatctl: announce: unknown option '--bogus'",
       "Try 'chatctl announce --help'."},
  };
  for (const auto& c : cases) {
    CAPTURE(c.args);
    RunResult result = c.chatd ? run_chatd(c.args) : chatctl("/nonexistent/admin.sock", c.args);
    CHECK(result.status == 2);
    CHECK(text_lines(result.output) == std::vector<std::string>{c.first_line, c.try_line});
  }
}

TEST_CASE("chatctl: announce --bridges with no bridge configured fails and sends nothing") {
  Admin admin;
  IrcClient alice(admin.port);
  alice.register_as("alice");
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"announce", "--bridges", "x"}, {"announce", "--all", "--bridges", "x"}}) {
    CAPTURE(args);
    RunResult result = admin.ctl(args);
    CHECK(result.status == 1);
    CHECK(result.output.find("no bridge is configured") != std::string::npos);
  }
  expect_quiet(alice);
}

TEST_CASE("chatctl: stats counts the lines sent out, as it counts those received") {
  Admin admin;
  // The harness's start-up probe connection costs an ERROR line once chatd has seen it close:
  // wait for that (it is "registering" until then), then take the counters.
  for (int i = 0; i < 100 && admin.json({"--json", "status"})["unregistered"] != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const Json before = admin.json({"--json", "stats"});
  IrcClient alice(admin.port);
  const auto welcome = alice.register_as("alice");
  fence(alice);
  const Json after = admin.json({"--json", "stats"});
  // Every line alice got, the PONG included, and nothing else was sent to anyone.
  CHECK(after["lines_out"].get<std::uint64_t>() - before["lines_out"].get<std::uint64_t>() == welcome.size() + 1);
  CHECK(after["lines_in"].get<std::uint64_t>() - before["lines_in"].get<std::uint64_t>() == 3);  // NICK, USER, PING
  RunResult text = admin.ctl({"stats"});
  CHECK(text.output.find("lines out:") != std::string::npos);
}

TEST_CASE("chatctl: status shows the config file's absolute path, the workers, the peak and the cap") {
  TempDir run_dir;
  const std::string socket = run_dir.path() + "/admin.sock";
  const auto port = free_port();
  const std::string config =
      "[server]\nname = \"test.chatd\"\nworkers = 3\n\n[[listen]]\naddress = \"127.0.0.1:" + std::to_string(port) +
      "\"\n\n[limits]\nmax_clients = 77\n\n" + admin_table(socket);
  // chatd started with a relative path (the last --config wins over the harness's own).
  const std::string file = run_dir.path() + "/relative.toml";
  std::ofstream(file) << config;
  const std::string relative = std::filesystem::relative(file).string();
  REQUIRE(relative.front() != '/');
  ChatdProcess chatd(config, port, ChatdOptions{{"--config", relative}});

  IrcClient alice(port);
  alice.register_as("alice");
  {
    IrcClient bob(port);
    bob.register_as("bob");
    bob.send("QUIT");
    bob.read_until_closed();
  }
  RunResult json = chatctl(socket, {"status", "--json"});
  REQUIRE(json.status == 0);
  const Json status = Json::parse(json.output)["data"];
  CHECK(status["config"] == file);
  CHECK(status["workers"] == 3);
  CHECK(status["clients"] == 1);
  CHECK(status["peak_clients"] == 2);
  CHECK(status["client_limit"] == 77);
  CHECK_FALSE(status.contains("max_clients"));  // renamed: it was the peak, never the cap
  const std::string text = chatctl(socket, {"status"}).output;
  CHECK(text.find(file) != std::string::npos);
  CHECK(text.find("1 (+0 registering; peak 2, limit 77)") != std::string::npos);
}

TEST_CASE("chatctl: status counts the worker threads, not the bridge thread") {
  if (auto why = chatd::test::netns_unavailable(); !why.empty()) {
    MESSAGE("skipped: " << why);
    return;
  }
  chatd::test::Netns ns;
  chatd::test::NetnsScope inside(ns);
  Admin admin("workers = 2\n",
              "\n[[bridge]]\nchannel = \"#lan\"\nkind = \"multicast\"\ngroup = \"224.1.1.1\"\nport = 5004\n"
              "interface = \"127.0.0.1\"\n");
  const Json status = admin.json({"--json", "status"});
  CHECK(status["workers"] == 2);
  CHECK(status["bridges"] == 1);
}

TEST_CASE("chatctl: reload reports against what runs; a restart-only change until the restart") {
  Admin admin;
  const std::string original = read_text_file(admin.chatd.config_path());
  std::string renamed = original;
  renamed.replace(renamed.find("\"test.chatd\""), 12, "\"other.chatd\"");
  const Json needs_restart = {{{"key", "server.name"}, {"restart", true}}};

  admin.chatd.write_config(renamed);
  Json first = admin.json({"reload", "--json"});
  CHECK(first["changed"] == needs_restart);
  CHECK(first["restart_needed"] == Json::array({"server.name"}));
  // The same file again: the running name is still the old one, so it is still to do.
  Json second = admin.json({"reload", "--json"});
  CHECK(second["changed"] == needs_restart);
  CHECK(second["restart_needed"] == Json::array({"server.name"}));
  // The original file: the running name never changed, so there is nothing to restart for.
  admin.chatd.write_config(original);
  Json third = admin.json({"reload", "--json"});
  CHECK(third["changed"].empty());
  CHECK(third["restart_needed"].empty());
  CHECK(admin.ctl({"reload"}).output.find("nothing changed") != std::string::npos);
  // And the server kept its name all along.
  IrcClient alice(admin.port);
  CHECK(alice.register_as("alice").front().rfind(":test.chatd ", 0) == 0);
}
