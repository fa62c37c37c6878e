#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "config/config_loader.hpp"
#include "support/config_test_util.hpp"

using chatd::config::ConfigError;
using chatd::config::parse_config;
using namespace chatd::config::test;

// ---- bad files --------------------------------------------------------------

TEST_CASE("config::syntax error names file, line and column") {
  // Only the position is ours; the description is toml++'s wording.
  const std::string e = only_error(R"([server]
name = "chat.lan"
workers = = 3
)");
  CAPTURE(e);
  CHECK(starts_with(e, "test.toml:3:11: "));
  CHECK(e.size() > std::string_view("test.toml:3:11: ").size());

  const std::string unterminated = only_error("[[listen]]\naddress = \"127.0.0.1:6667\nx = 1\n");
  CAPTURE(unterminated);
  CHECK(starts_with(unterminated, "test.toml:2:26: "));
}

TEST_CASE("config::a syntax error says other errors may follow once it is fixed") {
  // toml++ stops at the first syntax error: the unknown key and the bad value below are
  // only found on the next run, and the admin is told so now.
  const std::string e = only_error("[server]\nbogus = 1\nworkers = = 3\n[limits]\nsendq = 1\n");
  CAPTURE(e);
  CHECK(starts_with(e, "test.toml:3:"));
  CHECK(e.find("fix this first") != std::string::npos);
  CHECK(e.find("other errors may follow") != std::string::npos);
}

TEST_CASE("config::a key given twice is a syntax error") {
  const std::string e = only_error("[server]\nname = \"a\"\nname = \"b\"\n");
  CAPTURE(e);
  CHECK(starts_with(e, "test.toml:3:"));
  CHECK(contains(e, "name"));
}

TEST_CASE("config::unknown top-level key") {
  const auto errors = errors_of(R"([[listen]]
address = "127.0.0.1:6667"
[servre]
name = "x"
motd = 3
)");
  REQUIRE(errors.size() == 1);  // nothing inside an unknown table is looked at
  CHECK(errors[0] == "test.toml:3: servre: unknown key");
}

TEST_CASE("config::unknown key in a section") {
  CHECK(only_error(R"([server]
name = "chat.lan"
nmae = "typo"
[[listen]]
address = "127.0.0.1:6667"
)") == "test.toml:3: server.nmae: unknown key");
  CHECK(only_error(R"([[listen]]
address = "127.0.0.1:6667"
port = 6667
)") == "test.toml:3: listen[0].port: unknown key");
}

TEST_CASE("config::wrong type") {
  CHECK(only_error(R"([server]
name = "chat.lan"
network = "chatd"
workers = "four"
[[listen]]
address = "127.0.0.1:6667"
)") == "test.toml:4: server.workers: expected an integer, got a string");
  CHECK(only_error("[limits]\nsendq = 1.5\n[[listen]]\naddress = \"127.0.0.1:1\"\n") ==
        "test.toml:2: limits.sendq: expected an integer, got a floating-point number");
  CHECK(only_error("server = \"x\"\n[[listen]]\naddress = \"127.0.0.1:1\"\n") ==
        "test.toml:1: server: expected a table, got a string");
  CHECK(only_error("[listen]\naddress = \"127.0.0.1:1\"\n") ==
        "test.toml:1: listen: expected an array of tables ([[listen]]), got a table");
  CHECK(only_error("[log]\nlevel = true\n[[listen]]\naddress = \"127.0.0.1:1\"\n") ==
        "test.toml:2: log.level: expected a string, got a boolean");
}

TEST_CASE("config::out-of-range values") {
  CHECK(only_error(R"([[listen]]
address = "127.0.0.1:6667"

[limits]
ping_interval = 60

nick_length = 3
)") == "test.toml:7: limits.nick_length: must be between 9 and 64 (got 3)");
  CHECK(only_error("[server]\nworkers = -1\n[[listen]]\naddress = \"127.0.0.1:1\"\n") ==
        "test.toml:2: server.workers: must be between 0 and 256 (got -1)");
  CHECK(only_error("[limits]\nsendq = 4095\n[[listen]]\naddress = \"127.0.0.1:1\"\n") ==
        "test.toml:2: limits.sendq: must be between 4096 and 1073741824 (got 4095)");
  CHECK(only_error("[log]\nlevel = \"verbose\"\n[[listen]]\naddress = \"127.0.0.1:1\"\n") ==
        "test.toml:2: log.level: must be one of \"trace\", \"debug\", \"info\", \"warn\", "
        "\"error\", \"critical\", \"off\" (got \"verbose\")");
}

TEST_CASE("config::bad server name and network") {
  const auto errors = errors_of(R"([server]
name = "chat@lan"
network = "my net"
[[listen]]
address = "127.0.0.1:6667"
)");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0] == "test.toml:2: server.name: must not contain '@'");
  CHECK(errors[1] == "test.toml:3: server.network: must not contain spaces or control characters");
  CHECK(
      contains(only_error("[server]\nname = \"" + std::string(64, 'a') + "\"\n[[listen]]\naddress = \"127.0.0.1:1\"\n"),
               "test.toml:2: server.name: must be at most 63 characters"));
}

TEST_CASE("config::bad listen addresses") {
  const auto bad = [](std::string_view address) {
    return only_error("\n[[listen]]\naddress = \"" + std::string(address) + "\"\n");
  };
  const std::string_view where = "test.toml:3: listen[0].address: ";
  CHECK(bad("localhost") == std::string(where) + "expected host:port, got \"localhost\"");
  CHECK(bad("127.0.0.1") == std::string(where) + "expected host:port, got \"127.0.0.1\"");
  CHECK(bad("127.0.0.1:") == std::string(where) + "expected host:port, got \"127.0.0.1:\"");
  CHECK(bad(":6667") == "test.toml:3: listen[0].address: expected host:port, got \":6667\"");
  CHECK(bad("127.0.0.1:irc") == "test.toml:3: listen[0].address: expected host:port, got \"127.0.0.1:irc\"");
  CHECK(bad("127.0.0.1:0") == "test.toml:3: listen[0].address: port must be between 1 and 65535 (got 0)");
  CHECK(bad("127.0.0.1:70000") == "test.toml:3: listen[0].address: port must be between 1 and 65535 (got 70000)");
  CHECK(contains(bad("localhost:6667"), "listen[0].address: \"localhost\" is not an IPv4 address"));
  CHECK(contains(bad("256.1.1.1:6667"), "listen[0].address: \"256.1.1.1\" is not an IPv4 address"));
  CHECK(contains(bad("[::g]:6667"), "listen[0].address: \"::g\" is not an IPv6 address"));
  CHECK(contains(bad("[::1]6667"), "expected host:port"));
  CHECK(contains(bad("::1:6667"), "IPv6 addresses must be written in brackets"));
  CHECK(contains(only_error("[[listen]]\naddress = 6667\n"),
                 "test.toml:2: listen[0].address: expected a string, got an integer"));
}

TEST_CASE("config::listen address is required") {
  CHECK(only_error("[[listen]]\nprotocol = \"irc\"\n") == "test.toml:1: listen[0].address: required key is missing");
}

TEST_CASE("config::missing [[listen]]") {
  CHECK(only_error("[server]\nname = \"chat.lan\"\n") ==
        "test.toml: listen: at least one [[listen]] table is required");
  CHECK(only_error("listen = []\n") == "test.toml:1: listen: at least one [[listen]] table is required");
}

TEST_CASE("config::line listener needs a channel") {
  CHECK(only_error(R"([[listen]]
address = "127.0.0.1:6667"
[[listen]]
address = "127.0.0.1:6668"
protocol = "line"
)") == "test.toml:3: listen[1].channel: required for protocol \"line\"");
  CHECK(only_error(R"([[listen]]
address = "127.0.0.1:6668"
protocol = "line"
channel = "lobby"
)") == "test.toml:4: listen[0].channel: must start with '#' (got \"lobby\")");
  CHECK(contains(only_error(R"([limits]
channel_length = 5
[[listen]]
address = "127.0.0.1:6668"
protocol = "line"
channel = "#toolong"
)"),
                 "test.toml:6: listen[0].channel: longer than limits.channel_length (5)"));
}

TEST_CASE("config::channel, welcome and idle_flush_ms are refused on an irc listener") {
  const auto errors = errors_of(R"([[listen]]
address = "127.0.0.1:6667"
channel = "#lobby"
welcome = "hi"
idle_flush_ms = 100
)");
  REQUIRE(errors.size() == 3);
  CHECK(errors[0] == "test.toml:3: listen[0].channel: only allowed with protocol \"line\" or \"websocket\"");
  CHECK(errors[1] == "test.toml:4: listen[0].welcome: only allowed with protocol \"line\"");
  CHECK(errors[2] == "test.toml:5: listen[0].idle_flush_ms: only allowed with protocol \"line\"");
}

TEST_CASE("config::a websocket listener may name the channel its web client suggests, and nothing else of line") {
  const auto config = chatd::config::parse_config(R"([[listen]]
address = "127.0.0.1:8097"
protocol = "websocket"
channel = "#lab"
)",
                                                  "test.toml");
  CHECK(config.listen.at(0).channel == "#lab");
  const auto errors = errors_of(R"([[listen]]
address = "127.0.0.1:8097"
protocol = "websocket"
channel = "lab"
welcome = "hi"
)");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].starts_with("test.toml:4: listen[0].channel: "));
  CHECK(errors[1] == "test.toml:5: listen[0].welcome: only allowed with protocol \"line\"");
}

TEST_CASE("config::idle_flush_ms is 0..60000 milliseconds") {
  const std::string line = "[[listen]]\naddress = \"127.0.0.1:6668\"\nprotocol = \"line\"\nchannel = \"#c\"\n";
  CHECK(contains(only_error(line + "idle_flush_ms = 60001\n"), "listen[0].idle_flush_ms"));
  CHECK(contains(only_error(line + "idle_flush_ms = -1\n"), "listen[0].idle_flush_ms"));
  CHECK(parse_config(line + "idle_flush_ms = 0\n", kName).listen[0].idle_flush_ms == 0);
  CHECK(parse_config(line, kName).listen[0].idle_flush_ms == 150);
}

TEST_CASE("config::unknown protocol") {
  CHECK(only_error(R"([[listen]]
address = "127.0.0.1:6667"
protocol = "xmpp"
channel = "#x"
)") == "test.toml:3: listen[0].protocol: must be one of \"irc\", \"line\", \"websocket\" (got \"xmpp\")");
}

TEST_CASE("config::motd and motd_file together") {
  TempDir dir;
  const std::string motd = dir.write("motd.txt", "hello\n");
  CHECK(
      only_error("[server]\nmotd = \"hi\"\nmotd_file = \"" + motd + "\"\n[[listen]]\naddress = \"127.0.0.1:6667\"\n") ==
      "test.toml:3: server.motd_file: cannot be combined with server.motd (remove one of them)");
}

TEST_CASE("config::missing motd_file") {
  TempDir dir;
  const std::string missing = (dir.path() / "nope.txt").string();
  CHECK(only_error("[[listen]]\naddress = \"127.0.0.1:6667\"\n[server]\nmotd_file = \"" + missing + "\"\n") ==
        "test.toml:4: server.motd_file: cannot read \"" + missing + "\": No such file or directory");
}

TEST_CASE("config::duplicate listen address") {
  CHECK(only_error(R"([[listen]]
address = "0.0.0.0:6667"
[[listen]]
address = "127.0.0.1:6667"
[[listen]]
address = "*:6667"
)") == "test.toml:6: listen[2].address: duplicate of listen[0] (\"0.0.0.0:6667\")");
  CHECK(contains(only_error(R"([[listen]]
address = "[::1]:6667"
[[listen]]
address = "[0:0::1]:6667"
)"),
                 "test.toml:4: listen[1].address: duplicate of listen[0]"));
}

TEST_CASE("config::listen elements that are not tables keep later indexes right") {
  const auto errors = errors_of(R"(listen = [
  "0.0.0.0:6667",
  { address = "0.0.0.0:6667" },
  { address = "*:6667" },
]
)");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0] == "test.toml:2: listen[0]: expected a table, got a string");
  CHECK(errors[1] == "test.toml:4: listen[2].address: duplicate of listen[1] (\"0.0.0.0:6667\")");
}

TEST_CASE("config::every error is reported, in file order") {
  const auto errors = errors_of(R"([server]
name = "bad name"
workers = 1000
colour = "blue"

[[listen]]
address = "localhost"

[[listen]]
address = "127.0.0.1:6668"
protocol = "line"

[limits]
nick_length = 3
sendq = "big"

[log]
level = "loud"

[no_such_section]
)");
  REQUIRE(errors.size() == 9);
  CHECK(starts_with(errors[0], "test.toml:2: server.name: "));
  CHECK(starts_with(errors[1], "test.toml:3: server.workers: must be between 0 and 256"));
  CHECK(errors[2] == "test.toml:4: server.colour: unknown key");
  CHECK(starts_with(errors[3], "test.toml:7: listen[0].address: expected host:port"));
  CHECK(errors[4] == "test.toml:9: listen[1].channel: required for protocol \"line\"");
  CHECK(starts_with(errors[5], "test.toml:14: limits.nick_length: must be between 9 and 64"));
  CHECK(errors[6] == "test.toml:15: limits.sendq: expected an integer, got a string");
  CHECK(starts_with(errors[7], "test.toml:18: log.level: must be one of"));
  CHECK(errors[8] == "test.toml:20: no_such_section: unknown key");

  // what() carries the same list, one per line, for logging in one go.
  try {
    parse_config("[server]\nx = 1\ny = 2\n", kName);
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()) ==
          "test.toml:2: server.x: unknown key\n"
          "test.toml:3: server.y: unknown key\n"
          "test.toml: listen: at least one [[listen]] table is required");
  }
}

TEST_CASE("config::websocket keys: only on websocket listeners, and checked") {
  CHECK(only_error(R"([[listen]]
address = "127.0.0.1:6667"
web_root = "/srv/web"
)") == "test.toml:3: listen[0].web_root: only allowed with protocol \"websocket\"");
  CHECK(only_error(R"([[listen]]
address = "127.0.0.1:8097"
protocol = "websocket"
web_root = "srv/web"
)") == "test.toml:4: listen[0].web_root: must be an absolute path or \"\" (got \"srv/web\")");
  CHECK(only_error(R"([[listen]]
address = "127.0.0.1:8097"
protocol = "websocket"
trusted_proxies = ["10.0.0.1", "proxy.lan"]
)") == "test.toml:4: listen[0].trusted_proxies[1]: must be a numeric IPv4 or IPv6 address (got \"proxy.lan\")");
  CHECK(only_error(R"([[listen]]
address = "127.0.0.1:8097"
protocol = "websocket"
allowed_origins = ["chat.lan"]
)") == "test.toml:4: listen[0].allowed_origins[0]: must be \"http://host[:port]\" or \"https://host[:port]\" (got "
       "\"chat.lan\")");
  CHECK(only_error(R"([[listen]]
address = "127.0.0.1:8097"
protocol = "websocket"
allowed_origins = "http://chat.lan"
)") == "test.toml:4: listen[0].allowed_origins: expected a list of strings, got a string");
}

TEST_CASE("config::an [[operator]] needs a password hash, an account or both") {
  const std::string listen = "[[listen]]\naddress = \"127.0.0.1:6667\"\n";
  CHECK(only_error(listen + "[[operator]]\nname = \"op\"\n") ==
        "test.toml:3: operator[0]: needs password_hash, account or both");
  const auto config = parse_config(listen + "[[operator]]\nname = \"op\"\naccount = \"ana\"\n", kName);
  REQUIRE(config.operators.size() == 1);
  CHECK(config.operators[0].account == "ana");
  CHECK(config.operators[0].password_hash.empty());
}
