#include "config/config_diff.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/config_test_util.hpp"

using chatd::config::Config;
using chatd::config::diff_config;
using chatd::config::KeyChange;
using chatd::config::parse_config;
using namespace chatd::config::test;

namespace {

constexpr std::string_view kBase = R"([server]
name = "a.lan"
motd = "hello"

[[listen]]
address = "127.0.0.1:6667"

[admin]
socket = "/run/chatd/admin.sock"
)";

Config with(std::string_view extra_server, std::string_view tail = "") {
  std::string text(kBase);
  text.insert(text.find("\n[[listen]]"), std::string("\n") + std::string(extra_server));
  text += tail;
  return parse_config(text, kName);
}

}  // namespace

TEST_CASE("config::diff of identical configs is empty") { CHECK(diff_config(with(""), with("")).empty()); }

TEST_CASE("config::diff reports a live key without restart") {
  const Config fresh = parse_config(std::string(kBase).replace(std::string(kBase).find("hello"), 5, "bye"), kName);
  CHECK(diff_config(with(""), fresh) == std::vector<KeyChange>{{"server.motd", false}});
}

TEST_CASE("config::diff marks keys that need a restart, in file order") {
  std::string text(kBase);
  text.replace(text.find("a.lan"), 5, "b.lan");
  text.replace(text.find("6667"), 4, "6668");
  const Config fresh = parse_config(text + "[limits]\nsendq = 8192\n[log]\nlevel = \"debug\"\n", kName);
  CHECK(diff_config(with(""), fresh) ==
        std::vector<KeyChange>{{"server.name", true}, {"listen", true}, {"limits.sendq", false}, {"log.level", false}});
}

TEST_CASE("config::diff sees workers, io_uring, password and admin keys") {
  const auto changes =
      diff_config(with(""), with("workers = 3\nio_uring = false\npassword = \"x\"\n", "group = \"wheel\"\n"));
  CHECK(changes ==
        std::vector<KeyChange>{
            {"server.workers", true}, {"server.io_uring", true}, {"server.password", false}, {"admin.group", true}});
}

TEST_CASE("config::diff against what runs: a restart-only change stays reported until the restart") {
  // The sequence chatctl reload went wrong on: change server.name, reload, reload again,
  // then restore the file. `started` is what the server runs with for restart-only keys.
  const Config started = with("");
  std::string renamed_text(kBase);
  renamed_text.replace(renamed_text.find("a.lan"), 5, "b.lan");
  const Config renamed = parse_config(renamed_text, kName);
  // First reload: the name differs from what runs, and needs a restart.
  CHECK(diff_config(started, started, renamed) == std::vector<KeyChange>{{"server.name", true}});
  // Second reload of the same file: still not running, still reported.
  CHECK(diff_config(started, renamed, renamed) == std::vector<KeyChange>{{"server.name", true}});
  // The original file again: the running name never changed, so nothing to report.
  CHECK(diff_config(started, renamed, started).empty());
  // Live keys compare with the config last applied: an unchanged motd is no change.
  std::string motd_text(kBase);
  motd_text.replace(motd_text.find("\"hello\""), 7, "\"new\"");
  const Config motd = parse_config(motd_text, kName);
  CHECK(diff_config(started, motd, motd).empty());
  CHECK(diff_config(started, motd, started) == std::vector<KeyChange>{{"server.motd", false}});
}

TEST_CASE("config::key_needs_restart knows each key, table arrays by their table") {
  using chatd::config::key_needs_restart;
  CHECK(key_needs_restart("server.name") == true);
  CHECK(key_needs_restart("server.motd") == false);
  CHECK(key_needs_restart("listen.idle_flush_ms") == true);
  CHECK(key_needs_restart("channel.topic") == false);
  CHECK(key_needs_restart("limits.recvq") == false);
  CHECK_FALSE(key_needs_restart("limits.no_such_key").has_value());
}

TEST_CASE("config::admin section: defaults, the default socket, absolute path") {
  const Config c = with("");
  CHECK(c.admin.socket == "/run/chatd/admin.sock");
  CHECK(c.admin.group == "chatd");
  const Config none = parse_config("[[listen]]\naddress = \"127.0.0.1:1\"\n", kName);
  CHECK(none.admin.socket.empty());
  // chatd.toml(5) gives admin.socket a default: an [admin] table without it gets it.
  const Config group_only = parse_config("[[listen]]\naddress = \"127.0.0.1:1\"\n[admin]\ngroup = \"x\"\n", kName);
  CHECK(group_only.admin.socket == "/run/chatd/admin.sock");
  CHECK(group_only.admin.group == "x");
  CHECK(only_error("[[listen]]\naddress = \"127.0.0.1:1\"\n[admin]\nsocket = \"rel.sock\"\n")
            .find("must be an absolute path") != std::string::npos);
}

TEST_CASE("config::[accounts] registration: admin by default, open or off, anything else refused; live") {
  CHECK(with("").accounts.registration == "admin");
  const Config open = with("", "[accounts]\nenabled = true\nregistration = \"open\"\n");
  CHECK(open.accounts.registration == "open");
  CHECK(with("", "[accounts]\nregistration = \"off\"\n").accounts.registration == "off");
  CHECK(only_error(std::string(kBase) + "[accounts]\nregistration = \"yes\"\n") ==
        "test.toml:11: accounts.registration: must be one of \"admin\", \"open\", \"off\" (got \"yes\")");
  // Turning registration on is a reload, not a restart (accounts.enabled is the restart).
  CHECK(diff_config(with("", "[accounts]\nenabled = true\n"), open) ==
        std::vector<KeyChange>{{"accounts.registration", false}});
  CHECK(chatd::config::key_needs_restart("accounts.registration") == false);
}

TEST_CASE("config::[accounts] nick_reservation: rename by default, off or strict; the grace is bounded; live") {
  CHECK(with("").accounts.nick_reservation == "rename");
  CHECK(with("").accounts.reservation_grace == 30);
  const Config strict = with("", "[accounts]\nnick_reservation = \"strict\"\nreservation_grace = 5\n");
  CHECK(strict.accounts.nick_reservation == "strict");
  CHECK(strict.accounts.reservation_grace == 5);
  CHECK(only_error(std::string(kBase) + "[accounts]\nnick_reservation = \"yes\"\n") ==
        "test.toml:11: accounts.nick_reservation: must be one of \"off\", \"rename\", \"strict\" (got \"yes\")");
  CHECK(only_error(std::string(kBase) + "[accounts]\nreservation_grace = 4\n").find("reservation_grace") !=
        std::string::npos);
  CHECK(diff_config(with(""), strict) ==
        std::vector<KeyChange>{{"accounts.nick_reservation", false}, {"accounts.reservation_grace", false}});
}
