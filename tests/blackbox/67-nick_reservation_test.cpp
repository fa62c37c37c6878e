// Black-box tests of [accounts] nick_reservation: a nick that is an account's name is refused
// (strict) or taken away after a grace (rename) from whoever is not logged in to that
// account, and its owner takes it back from a squatter.
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
using chatd::test::sasl_log_in;
using namespace chatd::test::protocol;

constexpr const char* kPassword = "correct horse";

ChatdConfig reservation(const AccountAdmin& admin, const std::string& mode, int grace = 30) {
  return {.extra = admin.config_extra(
              true, "nick_reservation = \"" + mode + "\"\nreservation_grace = " + std::to_string(grace) + "\n")};
}

// Connects as `nick`, logs in to `account` with SASL before registering, then registers.
IrcClient logged_in(const Chatd& chatd, const std::string& nick, const std::string& account) {
  IrcClient client = chatd.connect();
  client.send("CAP LS 302");
  client.send("CAP REQ sasl");
  client.expect(" ACK :sasl");
  client.send("NICK " + nick);
  client.send("USER " + nick + " 0 * :" + nick);
  sasl_log_in(client, account, kPassword);
  client.send("CAP END");
  client.expect(" 001 " + nick + " ");
  return client;
}

const std::string kStrictRefusal = "Nickname is reserved by a different account";

}  // namespace

TEST_CASE("nick reservation: strict refuses an account's nick to anyone not logged in to it") {
  AccountAdmin admin;
  Chatd chatd(reservation(admin, "strict"));
  admin.add("Alice", kPassword);

  // After registration: NICK is refused at once, in any case.
  IrcClient bob = chatd.registered("bob");
  bob.send("NICK ALICE");
  expect_next(bob, ":test.chatd 433 bob ALICE :" + kStrictRefusal);

  // Before registration the client may still log in: it is refused when it registers, and
  // registers once it has chosen a free nick.
  IrcClient early = chatd.connect();
  early.send("NICK :alice");
  early.send("USER alice 0 * :Not Alice");
  expect_next(early, ":test.chatd 433 * alice :" + kStrictRefusal);
  early.send("NICK alice_");
  early.expect(" 001 alice_ ");

  // Logged in to the account, it is theirs; logged in to another, it is not.
  IrcClient alice = logged_in(chatd, "alice", "alice");
  admin.add("carol", kPassword);
  IrcClient carol = logged_in(chatd, "carol", "carol");
  carol.send("NICK :Alice2");
  carol.expect(":carol!carol@127.0.0.1 NICK :Alice2");
  carol.send("NICK :alice");
  expect_next(carol, ":test.chatd 433 Alice2 alice :" + kStrictRefusal);
}

TEST_CASE("nick reservation: rename warns, then renames to a guest nick unless the user logs in") {
  AccountAdmin admin;
  Chatd chatd(reservation(admin, "rename", 5));
  admin.add("alice", kPassword);
  admin.add("bob", kPassword);

  IrcClient squatter = chatd.registered("alice");
  expect_next(squatter,
              ":test.chatd NOTICE alice :The nick alice belongs to the account alice: log in to it "
              "(SASL) within 5 seconds or you will be renamed");
  IrcClient late = chatd.registered("bob");
  late.expect(":test.chatd NOTICE bob :The nick bob belongs to the account bob");
  IrcClient peer = chatd.registered("peer");
  join_all("#lab", {&squatter, &peer});

  // bob logs in within the grace and keeps the nick.
  sasl_log_in(late, "bob", kPassword);

  const std::string rename = squatter.expect_re("^:alice!alice@127\\.0\\.0\\.1 NICK :Guest[0-9]{5}$", 10000);
  const std::string guest = rename.substr(rename.rfind(':') + 1);
  expect_next(squatter, ":test.chatd NOTICE " + guest + " :You are now " + guest +
                            ": the nick alice belongs to an account you are not logged in to");
  expect_next(peer, rename);
  // The nick is free again, and WHOWAS remembers the squatter under it.
  peer.send("WHOIS alice");
  peer.expect(" 401 peer alice ");

  // bob's grace, which began a moment after alice's, ends without a rename.
  late.expect_silence(1500);
  late.send("WHOIS bob");
  late.expect(" 330 bob bob bob :is logged in as");
}

TEST_CASE("nick reservation: the logged-in owner takes the nick back; off reserves nothing") {
  AccountAdmin admin;
  Chatd chatd(reservation(admin, "rename"));
  admin.add("alice", kPassword);

  IrcClient squatter = chatd.registered("alice");
  IrcClient peer = chatd.registered("peer");
  join_all("#lab", {&squatter, &peer});
  IrcClient owner = logged_in(chatd, "alice_", "alice");
  owner.send("NICK :alice");
  const std::string rename = squatter.expect_re("^:alice!alice@127\\.0\\.0\\.1 NICK :Guest[0-9]{5}$");
  squatter.expect(": the owner of the account alice took the nick back");
  owner.expect(":alice_!alice_@127.0.0.1 NICK :alice");
  expect_next(peer, rename);
  peer.send("WHOIS alice");
  peer.expect(" 330 peer alice alice :is logged in as");

  // Someone not logged in to the account asking for a taken nick just gets 433.
  IrcClient other = chatd.registered("other");
  other.send("NICK :alice");
  expect_next(other, ":test.chatd 433 other alice :Nickname is already in use");

  AccountAdmin admin_off;
  Chatd off(reservation(admin_off, "off"));
  admin_off.add("alice", kPassword);
  IrcClient anyone = off.registered("alice");
  expect_quiet(anyone);
}
