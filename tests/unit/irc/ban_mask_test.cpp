#include "irc/ban_mask.hpp"

#include <doctest/doctest.h>

#include "irc/glob.hpp"

using chatd::irc::match_mask;
using chatd::irc::normalize_mask;

TEST_CASE("ban_mask: short masks are completed to nick!user@host") {
  CHECK(normalize_mask("bob") == "bob!*@*");
  CHECK(normalize_mask("*@10.0.0.1") == "*!*@10.0.0.1");
  CHECK(normalize_mask("u@h") == "*!u@h");
  CHECK(normalize_mask("n!u") == "n!u@*");
  CHECK(normalize_mask("n!u@h") == "n!u@h");
  CHECK(normalize_mask("@h") == "*!*@h");
}

TEST_CASE("ban_mask: masks match n!u@h with wildcards and rfc1459 case folding") {
  CHECK(match_mask("*!*@127.*", "alice!alice@127.0.0.1"));
  CHECK_FALSE(match_mask("*!*@127.*", "alice!alice@10.0.0.1"));
  CHECK(match_mask("car*!*@*", "Carol!c@host"));
  CHECK(match_mask("a?ice!*@*", "alice!x@y"));
  CHECK(match_mask("[x]!*@*", "{X}!u@h"));
  CHECK_FALSE(match_mask("bob!*@*", "bobby!u@h"));
}

TEST_CASE("ban_mask: can_send follows +n, +m, bans, voice and opers") {
  chatd::chat::Channel channel("#c", "#c", 0);
  chatd::chat::User alice{.nick = "alice", .username = "a", .host = "127.0.0.1"};
  chatd::chat::User stranger{.nick = "eve", .username = "e", .host = "10.0.0.9"};
  channel.add(&alice, false);
  CHECK(chatd::irc::can_send(channel, alice));
  CHECK_FALSE(chatd::irc::can_send(channel, stranger));  // +n
  channel.bans.push_back({"*!*@127.*", "op", 0});
  CHECK_FALSE(chatd::irc::can_send(channel, alice));
  channel.find(&alice)->voice = true;
  CHECK(chatd::irc::can_send(channel, alice));
  channel.bans.clear();
  channel.find(&alice)->voice = false;
  channel.moderated = true;
  CHECK_FALSE(chatd::irc::can_send(channel, alice));
  alice.oper = true;
  CHECK(chatd::irc::can_send(channel, alice));
}

TEST_CASE("ban_mask: $a extbans match the account a user is logged in to, never a user logged in to none") {
  CHECK(normalize_mask("$a:Ana") == "$a:Ana");
  CHECK(normalize_mask("$A") == "$a");
  CHECK(normalize_mask("$b") == "$b!*@*");  // not an extban: an ordinary (odd) nick mask
  chatd::chat::Channel channel("#c", "#c", 0);
  chatd::chat::User ana{.nick = "x", .username = "a", .host = "h", .account = "Ana"};
  chatd::chat::User anon{.nick = "y", .username = "a", .host = "h"};
  channel.bans.push_back({"$a:ana", "op", 0});
  CHECK(chatd::irc::is_banned(channel, ana));
  CHECK_FALSE(chatd::irc::is_banned(channel, anon));
  channel.exceptions.push_back({"$a:a?a", "op", 0});
  CHECK_FALSE(chatd::irc::is_banned(channel, ana));
  channel.exceptions.clear();
  channel.bans = {{"$a", "op", 0}};
  CHECK(chatd::irc::is_banned(channel, ana));
  CHECK_FALSE(chatd::irc::is_banned(channel, anon));
  channel.bans = {{"$a:b*", "op", 0}};
  CHECK_FALSE(chatd::irc::is_banned(channel, ana));
}
