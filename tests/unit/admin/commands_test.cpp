#include "admin/commands.hpp"

#include <doctest/doctest.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

using chatd::admin::CommandContext;
using chatd::admin::find_command;
using chatd::admin::handle_request;
using chatd::admin::Json;
using chatd::admin::Peer;

namespace {

// A server context with chat state but no worker loops: commands run, nothing is delivered.
struct Fixture {
  Fixture() : saved_level(spdlog::get_level()) {
    spdlog::set_level(spdlog::level::warn);  // the audit log lines would drown the test output
    auto config = std::make_shared<chatd::config::Config>();
    config->server.name = "unit.chatd";
    server = std::make_unique<chatd::irc::ServerContext>(config, fanout);
  }

  ~Fixture() { spdlog::set_level(saved_level); }

  chatd::chat::User& add_user(const std::string& nick) {
    auto& user = users.emplace_back(std::make_unique<chatd::chat::User>());
    user->username = nick;
    user->host = "10.0.0.1";
    user->registered = true;
    server->registry.claim_nick(*user, nick);
    server->registry.count_registration(*user);
    return *user;
  }

  void join(chatd::chat::User& user, const std::string& name) {
    bool created = false;
    auto& channel = server->registry.open_channel(name, created);
    channel.add(&user, created);
    user.channels.push_back(&channel);
  }

  Json run(const std::string& line) {
    CommandContext context{*server, reload};
    return Json::parse(handle_request(context, line, Peer{1234, 0}));
  }

  spdlog::level::level_enum saved_level;
  chatd::chat::Fanout fanout{{}};
  std::unique_ptr<chatd::irc::ServerContext> server;
  std::vector<std::unique_ptr<chatd::chat::User>> users;
  std::function<chatd::config::ReloadReport()> reload;
};

}  // namespace

TEST_CASE("admin::commands table knows each command and which change state") {
  for (const char* name : {"status", "users", "channels", "stats", "bridges"}) {
    REQUIRE(find_command(name));
    CHECK_FALSE(find_command(name)->changes_state);
  }
  for (const char* name : {"announce", "kick", "disconnect", "reload"}) {
    REQUIRE(find_command(name));
    CHECK(find_command(name)->changes_state);
  }
  CHECK(find_command("Status") == nullptr);
  CHECK(find_command("") == nullptr);
}

TEST_CASE("admin::commands answer every failure with an error reply") {
  Fixture f;
  Json reply = f.run(R"({"v":1,"cmd":"nope","id":3})");
  CHECK(reply["ok"] == false);
  CHECK(reply["id"] == 3);
  CHECK(reply["error"].get<std::string>().rfind("unknown command \"nope\" (known: account_add, account_certfp_add,",
                                                0) == 0);
  CHECK(f.run("garbage")["ok"] == false);
  CHECK(f.run(R"({"v":1,"cmd":"status","extra":1})")["error"] == "unknown field \"extra\" for status");
}

TEST_CASE("admin::commands status, users and channels read the registry") {
  Fixture f;
  auto& alice = f.add_user("alice");
  f.add_user("Bob");
  f.join(alice, "#Lab");
  Json status = f.run(R"({"v":1,"cmd":"status"})")["data"];
  CHECK(status["clients"] == 2);
  CHECK(status["channels"] == 1);
  CHECK(status["server"] == "unit.chatd");
  CHECK(status["workers"] == 0);
  Json users = f.run(R"({"v":1,"cmd":"users"})")["data"]["users"];
  REQUIRE(users.size() == 2);
  CHECK(users[0]["nick"] == "Bob");  // sorted bytewise
  CHECK(users[1]["channels"] == Json::array({"#Lab"}));
  Json channels = f.run(R"({"v":1,"cmd":"channels"})")["data"]["channels"];
  CHECK(channels[0]["members"] == Json::array({"@alice"}));
}

TEST_CASE("admin::commands kick and disconnect check their targets") {
  Fixture f;
  auto& alice = f.add_user("alice");
  f.add_user("bob");
  f.join(alice, "#lab");
  CHECK(f.run(R"({"v":1,"cmd":"kick","nick":"alice","channel":"#none"})")["error"] == "no such channel: #none");
  CHECK(f.run(R"({"v":1,"cmd":"kick","nick":"carol","channel":"#lab"})")["error"] == "no such nick: carol");
  CHECK(f.run(R"({"v":1,"cmd":"kick","nick":"bob","channel":"#LAB"})")["error"] == "bob is not on #lab");
  CHECK(f.run(R"({"v":1,"cmd":"kick","channel":"#lab"})")["error"] == "missing \"nick\" for kick");
  Json kicked = f.run(R"({"v":1,"cmd":"kick","nick":"ALICE","channel":"#lab"})");
  CHECK(kicked["ok"] == true);
  CHECK(kicked["data"] ==
        Json{{"nick", "alice"}, {"channel", "#lab"}, {"reason", "Kicked by the server administrator"}});
  CHECK(alice.channels.empty());
  CHECK(f.server->registry.find_channel("#lab") == nullptr);
  // bob has no connection in this fixture: nothing to disconnect.
  CHECK(f.run(R"({"v":1,"cmd":"disconnect","nick":"bob"})")["error"] == "no such nick: bob");
}

TEST_CASE("admin::commands announce validates text and targets") {
  Fixture f;
  f.add_user("alice");
  CHECK(f.run(R"({"v":1,"cmd":"announce"})")["error"] == "missing \"text\" for announce");
  Json too_long = f.run(R"({"v":1,"cmd":"announce","text":")" + std::string(401, 'x') + "\"}");
  CHECK(too_long["error"] == "\"text\" is too long: 401 bytes, at most 400");
  CHECK(f.run(R"({"v":1,"cmd":"announce","text":"hi","channel":"#x"})")["error"] == "no such channel: #x");
  Json everyone = f.run(R"({"v":1,"cmd":"announce","text":"hi"})")["data"];
  CHECK(everyone["users"] == 0);  // alice has no endpoint here
  // No bridge configured: nowhere to send is an error, and nothing else is sent either.
  for (const char* request : {R"({"v":1,"cmd":"announce","text":"hi","bridges":true})",
                              R"({"v":1,"cmd":"announce","text":"hi","bridges":true,"all":true})"}) {
    CAPTURE(request);
    Json refused = f.run(request);
    CHECK(refused["ok"] == false);
    CHECK(refused["error"] == "no bridge is configured ([[bridge]] in chatd.toml): nothing was announced");
  }
}

TEST_CASE("admin::commands reload reports changes or every error") {
  Fixture f;
  f.reload = [] { return chatd::config::ReloadReport{true, "x.toml", {{"server.motd", false}, {"listen", true}}, {}}; };
  Json ok = f.run(R"({"v":1,"cmd":"reload"})");
  CHECK(ok["data"]["changed"] ==
        Json::array({{{"key", "server.motd"}, {"restart", false}}, {{"key", "listen"}, {"restart", true}}}));
  CHECK(ok["data"]["restart_needed"] == Json::array({"listen"}));
  f.reload = [] { return chatd::config::ReloadReport{false, "x.toml", {}, {"x.toml:1: a", "x.toml:2: b"}}; };
  Json failed = f.run(R"({"v":1,"cmd":"reload"})");
  CHECK(failed["ok"] == false);
  CHECK(failed["error"] == "reload failed: 2 error(s) in x.toml; the running configuration is unchanged");
  CHECK(failed["errors"] == Json::array({"x.toml:1: a", "x.toml:2: b"}));
}
