// Black-box tests of IRCv3 account-tag (@account= on what a logged-in user sends, for the
// clients that asked) and of logging out the sessions of an account deleted with chatctl
// (901, ACCOUNT * to account-notify peers, no more 330 nor @account).
#include <doctest/doctest.h>

#include <string>

#include "support/account_admin.hpp"
#include "support/chatd_fixture.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"

namespace {

using chatd::test::AccountAdmin;
using chatd::test::Chatd;
using chatd::test::contains;
using chatd::test::IrcClient;
using chatd::test::sasl_plain;
using namespace chatd::test::protocol;

constexpr const char* kPassword = "correct horse";

void log_in(IrcClient& client, const std::string& account) { chatd::test::sasl_log_in(client, account, kPassword); }

}  // namespace

TEST_CASE("account-tag: offered only while accounts are enabled") {
  AccountAdmin admin;
  {
    Chatd chatd({.extra = admin.config_extra()});
    IrcClient client = chatd.connect();
    client.send("CAP LS 302");
    CHECK(contains(client.expect(" LS :"), "account-tag"));
  }
  Chatd chatd({.extra = admin.config_extra(false)});
  IrcClient client = chatd.connect();
  client.send("CAP REQ :account-tag");
  client.expect(" NAK :account-tag");
}

TEST_CASE("account-tag: a logged-in user's lines carry @account for clients that asked, others' none") {
  AccountAdmin admin;
  Chatd chatd({.extra = admin.config_extra()});
  admin.add("Ana", kPassword);
  IrcClient ana = chatd.registered("ana");
  log_in(ana, "ana");
  IrcClient tagged = registered_with_caps(chatd, "tess", "account-tag");
  IrcClient all = registered_with_caps(chatd, "max", "account-tag server-time message-tags");
  IrcClient plain = chatd.registered("pat");
  IrcClient bob = chatd.registered("bob");
  join_all("#lab", {&tagged, &all, &plain, &bob});

  join_channel(ana, "#lab");
  expect_next(tagged, "@account=Ana :ana!ana@127.0.0.1 JOIN #lab");
  expect_next_re(all, R"(@time=[^; ]+;account=Ana :ana!ana@127\.0\.0\.1 JOIN #lab)");
  expect_next(plain, ":ana!ana@127.0.0.1 JOIN #lab");
  expect_next(bob, ":ana!ana@127.0.0.1 JOIN #lab");

  ana.send("PRIVMSG #lab :hello");
  expect_next(tagged, "@account=Ana :ana!ana@127.0.0.1 PRIVMSG #lab :hello");
  expect_next_re(all, R"(@time=[^; ]+;account=Ana;msgid=[^; ]+ :ana!ana@127\.0\.0\.1 PRIVMSG #lab :hello)");
  expect_next(plain, ":ana!ana@127.0.0.1 PRIVMSG #lab :hello");
  expect_next(bob, ":ana!ana@127.0.0.1 PRIVMSG #lab :hello");

  // A sender logged in to no account: no @account anywhere.
  bob.send("PRIVMSG #lab :hi");
  expect_next(tagged, ":bob!bob@127.0.0.1 PRIVMSG #lab :hi");
  expect_next_re(all, R"(@time=[^; ]+;msgid=[^; ]+ :bob!bob@127\.0\.0\.1 PRIVMSG #lab :hi)");
  expect_next(plain, ":bob!bob@127.0.0.1 PRIVMSG #lab :hi");
  expect_next(ana, ":bob!bob@127.0.0.1 PRIVMSG #lab :hi");

  // To a nick, NOTICE, TAGMSG, NICK and QUIT alike.
  ana.send("NOTICE tess :psst");
  expect_next(tagged, "@account=Ana :ana!ana@127.0.0.1 NOTICE tess :psst");
  ana.send("@+typing=active TAGMSG #lab");
  expect_next_re(all, R"(@time=[^; ]+;account=Ana;msgid=[^; ]+;\+typing=active :ana!ana@127\.0\.0\.1 TAGMSG #lab)");
  ana.send("NICK anna");
  expect_next_re(tagged, R"(@account=Ana :ana!ana@127\.0\.0\.1 NICK :?anna)");
  expect_next_re(plain, R"(:ana!ana@127\.0\.0\.1 NICK :?anna)");
  expect_next_re(bob, R"(:ana!ana@127\.0\.0\.1 NICK :?anna)");
  ana.send("QUIT :bye");
  expect_next_re(tagged, R"(@account=Ana :anna!ana@127\.0\.0\.1 QUIT :.*bye.*)");
  expect_next_re(plain, R"(:anna!ana@127\.0\.0\.1 QUIT :.*bye.*)");
  expect_next_re(bob, R"(:anna!ana@127\.0\.0\.1 QUIT :.*bye.*)");
  expect_quiet({&tagged, &plain, &bob});
}

TEST_CASE("account-tag: channel history keeps the sender's account for account-tag clients") {
  AccountAdmin admin;
  Chatd chatd({.extra = admin.config_extra()});
  admin.add("Ana", kPassword);
  IrcClient ana = chatd.registered("ana");
  log_in(ana, "ana");
  IrcClient bob = chatd.registered("bob");
  join_all("#lab", {&ana, &bob});
  ana.send("PRIVMSG #lab :hello");
  expect_next(bob, ":ana!ana@127.0.0.1 PRIVMSG #lab :hello");
  bob.send("PRIVMSG #lab :hi");
  expect_next(ana, ":bob!bob@127.0.0.1 PRIVMSG #lab :hi");

  IrcClient tagged = registered_with_caps(chatd, "tess", "batch draft/chathistory account-tag");
  IrcClient plain = registered_with_caps(chatd, "pat", "batch draft/chathistory");
  for (IrcClient* reader : {&tagged, &plain}) {
    join_channel(*reader, "#lab");
    reader->send("CHATHISTORY LATEST #lab * 10");
    const std::string start = reader->expect(" BATCH +");
    const std::string ref = start.substr(start.find('+') + 1, start.find(' ', start.find('+')) - start.find('+') - 1);
    const std::string account = reader == &tagged ? ";account=Ana" : "";
    expect_next(*reader, "@batch=" + ref + account + " :ana!ana@127.0.0.1 PRIVMSG #lab :hello");
    expect_next(*reader, "@batch=" + ref + " :bob!bob@127.0.0.1 PRIVMSG #lab :hi");
    expect_next(*reader, ":test.chatd BATCH -" + ref);
  }
}

TEST_CASE("account-tag: chatctl account del logs out every session of the account") {
  AccountAdmin admin;
  Chatd chatd({.extra = admin.config_extra()});
  admin.add("Ana", kPassword);
  admin.add("cy", kPassword);
  IrcClient ana = chatd.registered("ana");
  log_in(ana, "ana");
  IrcClient ana2 = chatd.registered("ana2");
  log_in(ana2, "ANA");
  IrcClient cy = chatd.registered("cy");
  log_in(cy, "cy");
  IrcClient notified = registered_with_caps(chatd, "nora", "account-notify account-tag");
  IrcClient plain = chatd.registered("pat");
  join_all("#lab", {&ana, &cy, &notified, &plain});

  const auto reply = admin.json({"account", "del", "ana"});
  CHECK(reply["name"] == "Ana");
  CHECK(reply["logged_out"] == 2);
  expect_next(ana, ":test.chatd 901 ana ana!ana@127.0.0.1 :You are now logged out");
  expect_next(ana2, ":test.chatd 901 ana2 ana2!ana2@127.0.0.1 :You are now logged out");
  // Only ana shares a channel with nora; a logged-out user's line carries no @account.
  expect_next(notified, ":ana!ana@127.0.0.1 ACCOUNT *");
  expect_quiet({&plain, &cy, &notified, &ana, &ana2});

  notified.send("WHOIS ana");
  CHECK(with_code(lines_through(notified, " 318 nora ana "), "330").empty());
  notified.send("WHOIS cy");
  notified.expect(":test.chatd 330 nora cy cy :is logged in as");
  notified.expect(" 318 nora cy ");
  ana.send("PRIVMSG #lab :still here");
  expect_next(notified, ":ana!ana@127.0.0.1 PRIVMSG #lab :still here");
  cy.expect(":ana!ana@127.0.0.1 PRIVMSG #lab :still here");

  // The name is gone: logging in to it again fails, and chatctl says how many were logged out.
  IrcClient late = chatd.registered("late");
  late.send("AUTHENTICATE PLAIN");
  late.expect("AUTHENTICATE +");
  late.send("AUTHENTICATE " + sasl_plain("ana", kPassword));
  late.expect(" 904 ");
  const auto result = admin.ctl({"account", "del", "cy"});
  CHECK(result.status == 0);
  CHECK(contains(result.output, "cy: deleted; 1 session logged out"));
  expect_next(cy, ":test.chatd 901 cy cy!cy@127.0.0.1 :You are now logged out");
}
