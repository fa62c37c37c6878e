// Black-box tests of what others see of a logged-in user: WHOIS 330, the WHOX account field
// (%a) and account-notify's ACCOUNT line to channel peers that asked for it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/account_admin.hpp"
#include "support/chatd_fixture.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"

namespace {

using chatd::test::AccountAdmin;
using chatd::test::Chatd;
using chatd::test::IrcClient;
using namespace chatd::test::protocol;

constexpr const char* kPassword = "correct horse";

void log_in(IrcClient& client, const std::string& account) { chatd::test::sasl_log_in(client, account, kPassword); }

}  // namespace

TEST_CASE("account-info: WHOIS shows 330 and WHOX %a the account, 0 for a user logged in to none") {
  AccountAdmin admin;
  Chatd chatd({.extra = admin.config_extra()});
  admin.add("Ana", kPassword);
  auto [ana, bob] = chatd.users("ana", "bob");
  log_in(ana, "ana");
  bob.send("WHOIS ana");
  bob.expect(":test.chatd 330 bob ana Ana :is logged in as");
  bob.expect(" 318 bob ana ");
  bob.send("WHOIS bob");
  const auto lines = lines_through(bob, " 318 bob bob ");
  CHECK(with_code(lines, "330").empty());
  join_all("#lab", {&ana, &bob});
  bob.send("WHO #lab %na");
  expect_unordered(bob, {":test.chatd 354 bob ana Ana", ":test.chatd 354 bob bob 0"});
  bob.expect(" 315 bob #lab ");
}

TEST_CASE("account-info: channel peers with account-notify hear a login; others do not") {
  AccountAdmin admin;
  Chatd chatd({.extra = admin.config_extra()});
  admin.add("ana", kPassword);
  IrcClient ana = chatd.registered("ana");
  IrcClient notified = registered_with_caps(chatd, "nora", "account-notify");
  IrcClient plain = chatd.registered("pat");
  join_all("#lab", {&ana, &notified, &plain});
  log_in(ana, "ana");
  expect_next(notified, ":ana!ana@127.0.0.1 ACCOUNT ana");
  expect_quiet(plain);
  expect_quiet(notified);
}

TEST_CASE("account-info: extended-join shows the joiner's account and realname to members that asked") {
  AccountAdmin admin;
  Chatd chatd({.extra = admin.config_extra()});
  admin.add("ana", kPassword);
  IrcClient extended = registered_with_caps(chatd, "eve", "extended-join");
  IrcClient plain = chatd.registered("pat");
  join_channel(extended, "#lab");
  join_channel(plain, "#lab");
  expect_next(extended, ":pat!pat@127.0.0.1 JOIN #lab * :Test User");
  IrcClient ana = chatd.registered("ana");
  log_in(ana, "ana");
  join_channel(ana, "#lab");
  expect_next(extended, ":ana!ana@127.0.0.1 JOIN #lab ana :Test User");
  expect_next(plain, ":ana!ana@127.0.0.1 JOIN #lab");
  IrcClient bob = chatd.registered("bob");
  join_channel(bob, "#lab");
  expect_next(extended, ":bob!bob@127.0.0.1 JOIN #lab * :Test User");
  expect_next(plain, ":bob!bob@127.0.0.1 JOIN #lab");
  // The joiner with extended-join sees its own JOIN in that form too.
  IrcClient cy = registered_with_caps(chatd, "cy", "extended-join");
  cy.send("JOIN #lab");
  cy.expect(":cy!cy@127.0.0.1 JOIN #lab * :Test User");
}

TEST_CASE("account-info: an [[operator]] tied to an account needs no password from its user, only from others") {
  AccountAdmin admin;
  Chatd chatd({.extra = admin.config_extra() + "[[operator]]\nname = \"teacher\"\naccount = \"Ana\"\n"});
  admin.add("ana", kPassword);
  admin.add("bob", kPassword);
  auto [ana, bob, cy] = chatd.users("ana", "bob", "cy");
  cy.send("OPER teacher x");
  expect_next(cy, ":test.chatd 464 cy :Password incorrect");
  log_in(bob, "bob");
  bob.send("OPER teacher x");
  expect_next(bob, ":test.chatd 464 bob :Password incorrect");
  log_in(ana, "ana");
  ana.send("OPER teacher x");
  expect_next(ana, ":test.chatd 381 ana :You are now an IRC operator");
}

TEST_CASE("account-info: a $a ban keeps out whoever is logged in to that account, under any nick") {
  AccountAdmin admin;
  Chatd chatd({.extra = admin.config_extra(true, "nick_reservation = \"off\"\n")});
  admin.add("Ana", kPassword);
  auto [op, ana, bob] = chatd.users("op", "someone", "bob");
  std::vector<std::string> welcome;
  IrcClient probe = chatd.registered("probe", welcome);
  CHECK(chatd::test::any_contains(welcome, " EXTBAN=$,a "));
  op.send("JOIN #m");
  op.expect(" 366 ");
  op.send("MODE #m +b $A:an?");
  CHECK(chatd::test::contains(op.expect(" MODE #m +b "), "$a:an?"));
  // Not logged in yet: the ban does not apply.
  bob.send("JOIN #m");
  bob.expect(" 366 bob #m ");
  log_in(ana, "ana");
  ana.send("JOIN #m");
  expect_next(ana, ":test.chatd 474 someone #m :Cannot join channel (+b)");
  op.send("MODE #m +e $a:ana");
  op.expect(" MODE #m +e ");
  ana.send("JOIN #m");
  ana.expect(" 366 someone #m ");
}
