// Black-box tests of account registration (IRCv3 draft/account-registration): REGISTER with
// [accounts] registration = "open" before and after connection registration, the login that
// follows (900, account-notify, SASL with the new password, a restart), each refusal (FAIL
// REGISTER with its code), VERIFY, the one-account-per-address-per-minute throttle, the
// "admin" default (DISALLOWED), "off" (unknown commands), a reload that opens registration,
// and a server password that REGISTER must not get around.
#include <doctest/doctest.h>

#include <string>

#include "support/account_admin.hpp"
#include "support/chatd_fixture.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"

namespace {

using chatd::test::AccountAdmin;
using chatd::test::Chatd;
using chatd::test::ChatdConfig;
using chatd::test::contains;
using chatd::test::IrcClient;
using chatd::test::sasl_plain;
using namespace chatd::test::protocol;

constexpr const char* kPassword = "correct horse";

ChatdConfig open_config(const AccountAdmin& admin) {
  return {.extra = admin.config_extra(true, "registration = \"open\"\n")};
}

// SASL PLAIN on a fresh connection; true when the server says 903. Each call has its own
// nick: the previous call's connection may not have been closed on the server yet.
bool sasl_login(const Chatd& chatd, const std::string& account, const std::string& password) {
  static int calls = 0;
  const std::string nick = "someone" + std::to_string(++calls);
  IrcClient client = chatd.connect();
  client.send("CAP LS 302");
  client.send("CAP REQ sasl");
  client.expect(" ACK :sasl");
  client.send("NICK " + nick);
  client.send("USER someone 0 * :Someone");
  client.send("AUTHENTICATE PLAIN");
  client.expect("AUTHENTICATE +");
  client.send("AUTHENTICATE " + sasl_plain(account, password));
  const std::string answer = client.expect_re(" 90[34] " + nick + " ");
  return contains(answer, " 903 ");
}

}  // namespace

TEST_CASE("register: open registration before connection registration logs in; SASL and a restart keep it") {
  AccountAdmin admin;
  {
    Chatd chatd(open_config(admin));
    IrcClient client = chatd.connect();
    client.send("CAP LS 302");
    CHECK(contains(client.expect(" LS :"), " draft/account-registration=before-connect "));
    client.send("NICK Ana");
    client.send("USER ana 0 * :Ana");
    // The e-mail is ignored; the password is the trailing parameter, spaces and all.
    client.send("REGISTER * ana@example.org :" + std::string(kPassword));
    expect_next(client, ":test.chatd REGISTER SUCCESS Ana :Account created");
    expect_next(client, ":test.chatd 900 Ana Ana!ana@127.0.0.1 Ana :You are now logged in as Ana");
    client.send("CAP END");
    client.expect(" 001 Ana ");
    client.send("WHOIS ana");
    client.expect(" 330 Ana Ana Ana :is logged in as");

    CHECK(sasl_login(chatd, "ana", kPassword));
    CHECK_FALSE(sasl_login(chatd, "ana", "wrong password"));
    CHECK(contains(chatd.process.log(), "accounts: account Ana registered by a client from 127.0.0.1"));
    CHECK_FALSE(contains(chatd.process.log(), kPassword));
    CHECK(admin.json({"account", "show", "ana"})["name"] == "Ana");
    CHECK(chatd.process.stop() == 0);
  }
  Chatd again(open_config(admin));
  CHECK(sasl_login(again, "Ana", kPassword));
}

TEST_CASE("register: after connection registration, channel peers with account-notify hear the login") {
  AccountAdmin admin;
  Chatd chatd(open_config(admin));
  IrcClient alice = registered_with_caps(chatd, "alice", "account-notify");
  IrcClient bob = chatd.registered("bob");
  join_all("#lab", {&alice, &bob});
  bob.send("REGISTER bob * :" + std::string(kPassword));
  expect_next(bob, ":test.chatd REGISTER SUCCESS bob :Account created");
  expect_next(bob, ":test.chatd 900 bob bob!bob@127.0.0.1 bob :You are now logged in as bob");
  expect_next(alice, ":bob!bob@127.0.0.1 ACCOUNT bob");
  // Logged in now: neither command applies.
  bob.send("REGISTER * * :another password");
  expect_next(bob, ":test.chatd FAIL REGISTER ALREADY_AUTHENTICATED bob :You are logged in to an account already");
  bob.send("VERIFY bob 123456");
  expect_next(bob, ":test.chatd FAIL VERIFY ALREADY_AUTHENTICATED bob :You are logged in to an account already");
}

TEST_CASE("register: refusals: a taken name, a weak password, another nick, a bad name, no nick; VERIFY") {
  AccountAdmin admin;
  Chatd chatd({.limits = "nick_length = 40\n", .extra = admin.config_extra(true, "registration = \"open\"\n")});
  admin.add("ana", kPassword);

  // On the nick of an account, not logged in to it: warned (nick_reservation "rename").
  IrcClient ana = chatd.registered("ANA");
  expect_next(ana,
              ":test.chatd NOTICE ANA :The nick ANA belongs to the account ana: log in to it (SASL) within 30 "
              "seconds or you will be renamed");
  ana.send("REGISTER * * :" + std::string(kPassword));
  expect_next(ana, ":test.chatd FAIL REGISTER ACCOUNT_EXISTS ANA :An account of that name exists already");

  IrcClient ben = chatd.registered("ben");
  ben.send("REGISTER * * :short");
  expect_next(ben, ":test.chatd FAIL REGISTER WEAK_PASSWORD ben :the password is too short (at least 8 bytes)");
  ben.send("REGISTER * * :" + std::string(257, 'p'));
  expect_next(ben, ":test.chatd FAIL REGISTER UNACCEPTABLE_PASSWORD ben :the password is too long (at most 256 bytes)");
  ben.send("REGISTER carl * :" + std::string(kPassword));
  expect_next(ben,
              ":test.chatd FAIL REGISTER ACCOUNT_NAME_MUST_BE_NICK carl :The account is named for your nick: register "
              "ben or *");
  ben.send("REGISTER * *");
  expect_next(ben, ":test.chatd 461 ben REGISTER :Not enough parameters");
  ben.send("VERIFY ben 123456");
  expect_next(ben,
              ":test.chatd FAIL VERIFY INVALID_CODE ben :No registration here waits for a code: REGISTER needs no "
              "verification");

  // A nick may be longer than an account name may.
  const std::string long_nick(31, 'l');
  IrcClient longer = chatd.registered(long_nick);
  longer.send("REGISTER * * :" + std::string(kPassword));
  CHECK(contains(next_line(longer),
                 " FAIL REGISTER BAD_ACCOUNT_NAME " + long_nick + " :Your nick cannot name an account"));

  IrcClient early = chatd.connect();
  early.send("REGISTER * * :" + std::string(kPassword));
  expect_next(early, ":test.chatd FAIL REGISTER NEED_NICK * :Choose a nick first: the account is named for it");

  // The name in another case is the nick; nothing above created an account.
  ben.send("REGISTER BEN * :" + std::string(kPassword));
  expect_next(ben, ":test.chatd REGISTER SUCCESS ben :Account created");
  ben.expect(" 900 ben ");
  CHECK(admin.json({"account", "list"})["accounts"].size() == 2);
}

TEST_CASE("register: one account per address per minute, loopback included") {
  AccountAdmin admin;
  Chatd chatd(open_config(admin));
  IrcClient ana = chatd.registered("ana");
  ana.send("REGISTER * * :" + std::string(kPassword));
  expect_next(ana, ":test.chatd REGISTER SUCCESS ana :Account created");
  ana.expect(" 900 ana ");
  IrcClient ben = chatd.registered("ben");
  ben.send("REGISTER * * :" + std::string(kPassword));
  const std::string refused = next_line(ben);
  CHECK(contains(refused,
                 ":test.chatd FAIL REGISTER TEMPORARILY_UNAVAILABLE ben :One account per address per "
                 "minute: try again in "));
  const long long seconds = captured_number(refused, ".*try again in ([0-9]+) seconds");
  CHECK(seconds >= 1);
  CHECK(seconds <= 60);
  CHECK(contains(chatd.process.log(), "REGISTER ben from 127.0.0.1 refused: one account per address per 60 s"));
  CHECK(admin.json({"account", "list"})["accounts"].size() == 1);
  // Not logged in: SASL to the account that exists still works for ben.
  ben.send("AUTHENTICATE PLAIN");
  ben.expect("AUTHENTICATE +");
  ben.send("AUTHENTICATE " + sasl_plain("ana", kPassword));
  ben.expect(" 903 ben ");
}

TEST_CASE("register: \"admin\" (the default) answers DISALLOWED; a reload to \"open\" lets REGISTER in") {
  AccountAdmin admin;
  Chatd chatd({.extra = admin.config_extra()});
  IrcClient client = chatd.connect();
  client.send("CAP LS 302");
  CHECK_FALSE(contains(client.expect(" LS :"), "account-registration"));
  client.send("CAP END");
  client.register_as("ana");
  client.send("REGISTER * * :" + std::string(kPassword));
  expect_next(client,
              ":test.chatd FAIL REGISTER DISALLOWED ana :accounts are created by the administrator (chatctl account "
              "add)");
  client.send("VERIFY ana 1");
  client.expect(" FAIL VERIFY INVALID_CODE ana ");

  chatd.write_config(open_config(admin));
  const auto reloaded = admin.ctl({"reload"});
  INFO(reloaded.output);
  CHECK(reloaded.status == 0);
  CHECK(contains(reloaded.output, "accounts.registration"));
  // The next CAP LS shows the capability; the connected client may register at once.
  client.send("CAP LS 302");
  CHECK(contains(client.expect(" LS :"), " draft/account-registration=before-connect "));
  client.send("REGISTER * * :" + std::string(kPassword));
  expect_next(client, ":test.chatd REGISTER SUCCESS ana :Account created");
}

TEST_CASE("register: \"off\", or no accounts at all, makes REGISTER and VERIFY unknown commands") {
  AccountAdmin admin;
  Chatd off({.extra = admin.config_extra(true, "registration = \"off\"\n")});
  IrcClient client = off.connect();
  client.send("CAP LS 302");
  CHECK_FALSE(contains(client.expect(" LS :"), "account-registration"));
  client.send("REGISTER * * :" + std::string(kPassword));
  expect_next(client, ":test.chatd 421 * REGISTER :Unknown command");
  client.send("VERIFY ana 1");
  expect_next(client, ":test.chatd 421 * VERIFY :Unknown command");
  client.send("CAP REQ draft/account-registration");
  client.expect(" NAK :draft/account-registration");

  AccountAdmin none_admin;
  Chatd none({.extra = none_admin.config_extra(false, "registration = \"open\"\n")});
  IrcClient other = none.registered("ana");
  other.send("REGISTER * * :" + std::string(kPassword));
  expect_next(other, ":test.chatd 421 ana REGISTER :Unknown command");
}

TEST_CASE("register: with a server password REGISTER waits for connection registration") {
  AccountAdmin admin;
  Chatd chatd({.server = "password = \"letmein\"\n", .extra = admin.config_extra(true, "registration = \"open\"\n")});
  IrcClient client = chatd.connect();
  client.send("CAP LS 302");
  const std::string caps = client.expect(" LS :");
  CHECK(contains(caps + " ", " draft/account-registration "));
  client.send("NICK ana");
  client.send("REGISTER * * :" + std::string(kPassword));
  expect_next(client, ":test.chatd FAIL REGISTER COMPLETE_CONNECTION_REQUIRED :Complete connection registration first");
  client.send("CAP END");
  client.register_as("ana", "letmein");
  client.send("REGISTER * * :" + std::string(kPassword));
  expect_next(client, ":test.chatd REGISTER SUCCESS ana :Account created");
}
