#include "config/config_loader.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "config/address.hpp"
#include "support/config_test_util.hpp"

using chatd::config::Config;
using chatd::config::ConfigError;
using chatd::config::load_config;
using chatd::config::parse_config;
using namespace chatd::config::test;

// ---- good files -------------------------------------------------------------

TEST_CASE("config::minimal file gets every default") {
  const Config c = parse_config(R"([[listen]]
address = "127.0.0.1:6667"
)",
                                kName);
  CHECK(c.source == "test.toml");
  REQUIRE(c.listen.size() == 1);
  CHECK(c.listen[0].address == "127.0.0.1:6667");
  CHECK(c.listen[0].host == "127.0.0.1");
  CHECK(c.listen[0].port == 6667);
  CHECK(c.listen[0].protocol == "irc");
  CHECK(c.listen[0].channel.empty());
  CHECK(c.listen[0].welcome.empty());
  CHECK(c.server.name == "chat.lan");
  CHECK(c.server.network == "chatd");
  CHECK(c.server.motd == "Welcome to chatd");
  CHECK(c.server.motd_lines == std::vector<std::string>{"Welcome to chatd"});
  CHECK(c.server.workers == 0);
  CHECK(c.server.password.empty());
  CHECK(c.limits.nick_length == 30);
  CHECK(c.limits.channel_length == 50);
  CHECK(c.limits.topic_length == 390);
  CHECK(c.limits.ping_interval == 120);
  CHECK(c.limits.ping_timeout == 60);
  CHECK(c.limits.registration_timeout == 60);
  CHECK(c.limits.sendq == 1048576);
  CHECK(c.log.level == "info");
}

TEST_CASE("config::full file sets every key") {
  const Config c = parse_config(R"(
[server]
name = "irc.example.org"
network = "ExampleNet"
motd = "line one\nline two\n"
workers = 4
password = "s3cret pass"

[[listen]]
address = "*:6667"

[[listen]]
address = "10.0.0.1:7000"
protocol = "irc"

[limits]
nick_length = 9
channel_length = 200
topic_length = 1
ping_interval = 86400
ping_timeout = 1
registration_timeout = 3600
sendq = 1073741824

[log]
level = "debug"
)",
                                kName);
  CHECK(c.server.name == "irc.example.org");
  CHECK(c.server.network == "ExampleNet");
  CHECK(c.server.motd_lines == std::vector<std::string>{"line one", "line two"});
  CHECK(c.server.workers == 4);
  CHECK(c.server.password == "s3cret pass");
  REQUIRE(c.listen.size() == 2);
  CHECK(c.listen[0].address == "*:6667");
  CHECK(c.listen[0].host == "0.0.0.0");
  CHECK(c.listen[1].port == 7000);
  CHECK(c.limits.nick_length == 9);
  CHECK(c.limits.channel_length == 200);
  CHECK(c.limits.topic_length == 1);
  CHECK(c.limits.ping_interval == 86400);
  CHECK(c.limits.ping_timeout == 1);
  CHECK(c.limits.registration_timeout == 3600);
  CHECK(c.limits.sendq == 1073741824);
  CHECK(c.log.level == "debug");
}

TEST_CASE("config::IPv6 listen address") {
  const Config c = parse_config(R"([[listen]]
address = "[::1]:6697"
[[listen]]
address = "[::]:6667"
)",
                                kName);
  REQUIRE(c.listen.size() == 2);
  CHECK(c.listen[0].address == "[::1]:6697");
  CHECK(c.listen[0].host == "::1");
  CHECK(c.listen[0].port == 6697);
  CHECK(c.listen[1].host == "::");
}

TEST_CASE("config::line listener gets channel and default welcome") {
  const Config c = parse_config(R"([[listen]]
address = "127.0.0.1:6668"
protocol = "line"
channel = "#lobby"
[[listen]]
address = "127.0.0.1:6669"
protocol = "line"
channel = "#ops"
welcome = "hi"
)",
                                kName);
  REQUIRE(c.listen.size() == 2);
  CHECK(c.listen[0].protocol == "line");
  CHECK(c.listen[0].channel == "#lobby");
  CHECK(c.listen[0].welcome == "Welcome to chatd");
  CHECK(c.listen[1].welcome == "hi");
}

TEST_CASE("config::empty motd means no MOTD lines") {
  const Config c = parse_config(R"([server]
motd = ""
[[listen]]
address = "127.0.0.1:6667"
)",
                                kName);
  CHECK(c.server.motd_lines.empty());
}

TEST_CASE("config::motd_file is read relative to the config file") {
  TempDir dir;
  dir.write("motd.txt", "first\r\n\r\nthird\n");
  const std::string path = dir.write("chatd.toml", R"([server]
motd_file = "motd.txt"
[[listen]]
address = "127.0.0.1:6667"
)");
  const Config c = load_config(path);
  CHECK(c.source == path);
  CHECK(c.server.motd_file == "motd.txt");
  CHECK(c.server.motd_lines == std::vector<std::string>{"first", "", "third"});
}

TEST_CASE("config::motd_file with an explicitly empty motd is fine") {
  TempDir dir;
  const std::string motd = dir.write("motd.txt", "hello\n");
  const Config c = parse_config(
      "[server]\nmotd = \"\"\nmotd_file = \"" + motd + "\"\n[[listen]]\naddress = \"127.0.0.1:6667\"\n", kName);
  CHECK(c.server.motd_lines == std::vector<std::string>{"hello"});
}

TEST_CASE("config::the shipped chatd.toml loads and holds every default") {
  const Config c = load_config("etc/chatd/chatd.toml");
  const Config defaults;
  CHECK(c.server.name == defaults.server.name);
  CHECK(c.server.network == defaults.server.network);
  CHECK(c.server.motd == defaults.server.motd);
  CHECK(c.server.motd_file.empty());
  CHECK(c.server.motd_lines == std::vector<std::string>{"Welcome to chatd"});
  CHECK(c.server.workers == defaults.server.workers);
  CHECK(c.server.password.empty());
  CHECK(c.limits.nick_length == defaults.limits.nick_length);
  CHECK(c.limits.channel_length == defaults.limits.channel_length);
  CHECK(c.limits.topic_length == defaults.limits.topic_length);
  CHECK(c.limits.ping_interval == defaults.limits.ping_interval);
  CHECK(c.limits.ping_timeout == defaults.limits.ping_timeout);
  CHECK(c.limits.registration_timeout == defaults.limits.registration_timeout);
  CHECK(c.limits.sendq == defaults.limits.sendq);
  CHECK(c.log.level == defaults.log.level);
  REQUIRE(c.listen.size() == 4);
  CHECK(c.listen[0].address == "0.0.0.0:6667");
  CHECK(c.listen[0].protocol == "irc");
  CHECK_FALSE(c.listen[0].tls);
  CHECK(c.listen[1].address == "0.0.0.0:6697");
  CHECK(c.listen[1].tls);
  CHECK(c.listen[2].address == "0.0.0.0:8097");
  CHECK(c.listen[2].protocol == "websocket");
  CHECK(c.listen[2].web_root == "/usr/share/chatd/web");
  CHECK_FALSE(c.listen[2].tls);
  CHECK(c.listen[3].address == "0.0.0.0:8098");
  CHECK(c.listen[3].protocol == "websocket");
  CHECK(c.listen[3].tls);
  REQUIRE(c.tls.has_value());
  CHECK(c.tls->certificate == "/etc/ssl/certs/ssl-cert-snakeoil.pem");
  CHECK(c.tls->key == "/etc/ssl/private/ssl-cert-snakeoil.key");
  CHECK(c.tls->sts_port == 0);
  CHECK(c.tls->sts_duration == 0);

  // Every key written out, not left to the defaults.
  std::ifstream in("etc/chatd/chatd.toml");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (std::string_view key : {"name",         "network",
                               "motd",         "motd_file",
                               "workers",      "password",
                               "address",      "protocol",
                               "nick_length",  "channel_length",
                               "topic_length", "ping_interval",
                               "ping_timeout", "registration_timeout",
                               "sendq",        "level",
                               "tls",          "certificate",
                               "key",          "sts_port",
                               "sts_duration"}) {
    CAPTURE(key);
    CHECK(contains(text, "\n" + std::string(key) + " = "));
  }
}

TEST_CASE("config::unreadable config file") {
  TempDir dir;
  const std::string missing = (dir.path() / "absent.toml").string();
  try {
    load_config(missing);
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    REQUIRE(e.errors().size() == 1);
    CHECK(e.errors()[0] == missing + ": cannot read: No such file or directory");
  }
  CHECK_THROWS_AS(load_config(dir.path().string()), ConfigError);  // a directory
}

TEST_CASE("config::load_config names the file in errors") {
  TempDir dir;
  const std::string path = dir.write("chatd.toml", "[[listen]]\naddress = \"1.2.3.4:0\"\n");
  try {
    load_config(path);
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    REQUIRE(e.errors().size() == 1);
    CHECK(starts_with(e.errors()[0], path + ":2: listen[0].address: "));
  }
}

TEST_CASE("config::parse_host_port canonical forms") {
  std::string reason;
  const auto v6 = chatd::config::parse_host_port("[0:0:0:0:0:0:0:1]:1", reason);
  REQUIRE(v6.has_value());
  CHECK(v6->host == "0:0:0:0:0:0:0:1");
  CHECK(chatd::config::canonical_host(v6->host) == "[::1]");
  CHECK(chatd::config::canonical_host("0.0.0.0") == "0.0.0.0");
  const auto any = chatd::config::parse_host_port("*:65535", reason);
  REQUIRE(any.has_value());
  CHECK(any->host == "0.0.0.0");
  CHECK(any->port == 65535);
}
