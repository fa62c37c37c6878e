// The channel of a line listener behaves like a declared channel: it exists from start-up and
// nobody holds ops in it by joining first. A line client kicked out of it is told how to come
// back, and /join takes it back (subject to the channel's usual checks).
#include <doctest/doctest.h>

#include <string>

#include "support/admin_socket.hpp"
#include "support/line_listener.hpp"
#include "support/protocol.hpp"

namespace {

using chatd::test::admin_table;
using chatd::test::chatctl;
using chatd::test::ChatdProcess;
using chatd::test::free_port;
using chatd::test::IrcClient;
using chatd::test::line_chat_config;
using chatd::test::TempDir;
using chatd::test::protocol::fence;

constexpr const char* kWelcome = "welcome = \"hi\"\n";

}  // namespace

TEST_CASE("line_channel: the channel exists from start-up and the first guest is not its operator") {
  const auto irc_port = free_port();
  const auto line_port = free_port();
  ChatdProcess chatd(line_chat_config(irc_port, line_port, kWelcome), irc_port);
  IrcClient alice(irc_port);
  alice.register_as("alice");
  // Nobody has joined yet, and it is listed.
  alice.send("LIST #lobby");
  CHECK(alice.expect(" 322 ") == ":test.chatd 322 alice #lobby 0 :");
  alice.expect(" 323 ");

  IrcClient plain(line_port);
  CHECK(plain.expect("* in #lobby: ") == "* in #lobby: guest1");
  alice.send("JOIN #lobby");
  const std::string names = alice.expect(" 353 ");
  CHECK(names.find("guest1") != std::string::npos);
  CHECK(names.find('@') == std::string::npos);  // nobody is op
  alice.expect(" 366 ");
  // And alice, who joined an existing channel, is no operator either: MODE is refused.
  alice.send("MODE #lobby +m");
  CHECK(alice.expect(" 482 ").find("#lobby") != std::string::npos);
}

TEST_CASE("line_channel: a kicked line client is told about /join, and /join takes it back") {
  TempDir run_dir;
  const std::string socket = run_dir.path() + "/admin.sock";
  const auto irc_port = free_port();
  const auto line_port = free_port();
  ChatdProcess chatd(line_chat_config(irc_port, line_port, kWelcome, admin_table(socket)), irc_port);
  IrcClient alice(irc_port);
  alice.register_as("alice");
  alice.send("JOIN #lobby");
  alice.expect(" 366 ");
  IrcClient plain(line_port);
  plain.expect("* in #lobby: ");
  alice.expect(":guest1!");

  REQUIRE(chatctl(socket, {"kick", "guest1", "#lobby", "be nice"}).status == 0);
  CHECK(plain.expect("was kicked") == "* guest1 was kicked from #lobby by test.chatd (be nice)");
  CHECK(plain.read_line().value_or("") == "* Type /join to go back to #lobby");
  alice.expect(" KICK #lobby guest1 ");

  // Outside the channel its text goes nowhere, and it is told so.
  plain.send("anyone?");
  CHECK(plain.expect("Cannot send to channel").find("#lobby") != std::string::npos);
  // Only its own channel can be joined.
  plain.send("/join #elsewhere");
  CHECK(plain.expect("* Only") == "* Only #lobby can be joined from here: type /join");
  plain.send("/join");
  CHECK(plain.expect(" joined ") == "* guest1 joined #lobby");
  alice.expect(":guest1!");  // its JOIN
  plain.send("back again");
  CHECK(alice.expect(":guest1!").ends_with(" PRIVMSG #lobby :back again"));
  fence(alice);
}

TEST_CASE("line_channel: /join obeys the channel's checks") {
  const auto irc_port = free_port();
  const auto line_port = free_port();
  // alice is a server operator: she may set modes on the declared channel. The hash is
  // `openssl passwd -6 -salt saltsalt secret`.
  const std::string hash =
      "$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1";
  ChatdProcess chatd(line_chat_config(irc_port, line_port, kWelcome,
                                      "[[operator]]\nname = \"alice\"\npassword_hash = \"" + hash + "\"\n"),
                     irc_port);
  IrcClient alice(irc_port);
  alice.register_as("alice");
  IrcClient plain(line_port);
  plain.expect("* in #lobby: ");
  alice.send("OPER alice secret");
  alice.expect(" 381 ");
  alice.send("JOIN #lobby");
  alice.expect(" 366 ");
  alice.send("KICK #lobby guest1 :out");
  plain.expect("* Type /join to go back to #lobby");
  alice.send("MODE #lobby +i");
  alice.expect(" MODE #lobby +i");
  plain.send("/join");
  CHECK(plain.expect("Cannot join channel").find("(+i)") != std::string::npos);
}
