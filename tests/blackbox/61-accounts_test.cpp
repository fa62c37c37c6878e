// Black-box tests of accounts as the administrator meets them: chatctl account add, list,
// show, passwd, certfp and del against a running chatd, each error with its reason and exit
// status, passwords never logged nor printed, and accounts that outlive a restart.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/account_admin.hpp"
#include "support/chatd_fixture.hpp"
#include "support/chatd_process.hpp"
#include "support/text.hpp"

namespace {

using chatd::test::AccountAdmin;
using chatd::test::Chatd;
using chatd::test::ChatdConfig;
using chatd::test::contains;
using chatd::test::RunResult;
using Json = nlohmann::json;

const std::string kFingerprint =
    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
const std::string kFingerprintHex = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";

// An AccountAdmin whose chatd config is a ChatdConfig.
struct AccountsDir : AccountAdmin {
  ChatdConfig config(bool enabled = true) const { return {.extra = config_extra(enabled)}; }
};

}  // namespace

TEST_CASE("accounts: chatctl account add, list, show, passwd, certfp and del") {
  AccountsDir d;
  Chatd chatd(d.config());
  RunResult add = d.ctl({"account", "add", "Alice"}, d.file("pw", "correct horse\n"));
  INFO(add.output);
  CHECK(add.status == 0);
  CHECK(contains(add.output, "Alice: done"));
  CHECK(d.ctl({"account", "add", "bob", "--password-file", d.file("bob", "battery staple")}).status == 0);

  const Json list = d.json({"account", "list"});
  REQUIRE(list["accounts"].size() == 2);
  CHECK(list["accounts"][0]["name"] == "Alice");
  CHECK(list["accounts"][1]["name"] == "bob");
  const RunResult table = d.ctl({"account", "list"});
  CHECK(contains(table.output, "ACCOUNT"));
  CHECK(contains(table.output, "Alice"));

  // Any case finds an account; the fingerprint is kept in one form.
  CHECK(d.ctl({"account", "certfp", "add", "ALICE", kFingerprint}).status == 0);
  const Json shown = d.json({"account", "show", "alice"});
  CHECK(shown["name"] == "Alice");
  CHECK(shown["certfps"] == Json::array({kFingerprintHex}));
  CHECK(contains(d.ctl({"account", "show", "Alice"}).output, kFingerprintHex));
  CHECK(d.ctl({"account", "certfp", "del", "alice", kFingerprintHex}).status == 0);
  CHECK(d.json({"account", "show", "alice"})["certfps"].empty());

  CHECK(d.ctl({"account", "passwd", "alice"}, d.file("pw2", "a new password\n")).status == 0);
  CHECK(d.ctl({"account", "del", "bob"}).status == 0);
  CHECK(d.json({"account", "list"})["accounts"].size() == 1);

  // Nothing secret in the log, nor in any output: the requests are logged with it hidden.
  const std::string log = chatd.process.log();
  CHECK(contains(log, "(hidden)"));
  for (const char* secret : {"correct horse", "battery staple", "a new password"}) {
    CHECK_FALSE(contains(log, secret));
  }
}

TEST_CASE("accounts: each refusal says why, with chatctl's exit status") {
  AccountsDir d;
  Chatd chatd(d.config());
  const std::string good = d.file("good", "long enough password\n");
  REQUIRE(d.ctl({"account", "add", "alice"}, good).status == 0);
  struct Case {
    std::vector<std::string> args;
    std::string stdin_path;
    int status;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"account", "add", "alice"}, good, 1, "the account alice exists already"},
      {{"account", "add", "ALICE"}, good, 1, "the account ALICE exists already"},
      {{"account", "add", "carol"}, d.file("short", "short\n"), 1, "the password is too short (at least 8 bytes)"},
      {{"account", "add", "carol"}, d.file("long", std::string(300, 'x')), 2, "the password is too long"},
      {{"account", "add", "carol"}, "/dev/null", 2, "no password given on standard input"},
      {{"account", "add", "1carol"}, good, 1, "an account name follows the nick rules"},
      {{"account", "add", "carol", "--password-file", "/nonexistent/pw"},
       "/dev/null",
       2,
       "cannot open /nonexistent/pw"},
      {{"account", "del", "carol"}, "/dev/null", 1, "no such account: carol"},
      {{"account", "passwd", "carol"}, good, 1, "no such account: carol"},
      {{"account", "show", "carol"}, "/dev/null", 1, "no such account: carol"},
      {{"account", "certfp", "add", "alice", "abc"}, "/dev/null", 1, "64 hex digits"},
      {{"account", "certfp", "add", "carol", kFingerprint}, "/dev/null", 1, "no such account: carol"},
      {{"account", "certfp", "del", "alice", kFingerprint}, "/dev/null", 1, "that fingerprint is not alice's"},
      {{"account", "certfp", "move", "alice", kFingerprint}, "/dev/null", 2, "unknown certfp action 'move'"},
      {{"account"}, "/dev/null", 2, "missing ACTION"},
      {{"account", "rename", "alice"}, "/dev/null", 2, "unknown action 'rename'"},
      {{"account", "del"}, "/dev/null", 2, "del needs NAME"},
      {{"account", "del", "alice", "--password-file", good},
       "/dev/null",
       2,
       "--password-file goes with add and passwd"},
  };
  for (const Case& c : cases) {
    RunResult result = d.ctl(c.args, c.stdin_path);
    CAPTURE(c.says);
    INFO(result.output);
    CHECK(result.status == c.status);
    CHECK(contains(result.output, c.says));
  }
  // A fingerprint belongs to one account.
  REQUIRE(d.ctl({"account", "add", "bob"}, good).status == 0);
  REQUIRE(d.ctl({"account", "certfp", "add", "alice", kFingerprint}).status == 0);
  RunResult taken = d.ctl({"account", "certfp", "add", "bob", kFingerprint});
  CHECK(taken.status == 1);
  CHECK(contains(taken.output, "that fingerprint belongs to another account"));
  CHECK_FALSE(contains(chatd.process.log(), "long enough password"));
}

TEST_CASE("accounts: with [accounts] disabled chatctl account says so") {
  AccountsDir d;
  Chatd chatd(d.config(false));
  RunResult result = d.ctl({"account", "list"});
  CHECK(result.status == 1);
  CHECK(contains(result.output, "accounts are disabled ([accounts] enabled = false)"));
}

TEST_CASE("accounts: a restart keeps the accounts and their fingerprints") {
  AccountsDir d;
  {
    Chatd chatd(d.config());
    REQUIRE(d.ctl({"account", "add", "alice"}, d.file("pw", "correct horse\n")).status == 0);
    REQUIRE(d.ctl({"account", "certfp", "add", "alice", kFingerprint}).status == 0);
    CHECK(chatd.process.stop() == 0);
  }
  Chatd again(d.config());
  const Json shown = d.json({"account", "show", "alice"});
  CHECK(shown["certfps"] == Json::array({kFingerprintHex}));
  CHECK(contains(again.process.log(), "accounts: 1 known"));
}
