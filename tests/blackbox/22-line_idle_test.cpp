// Line clients that never end their lines (the lab's Python client sends each message bare):
// on a "line" listener a pause of listen.idle_flush_ms ends the pending text as one line, a
// line end still ends it at once, and what is pending when the client leaves is its last line.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/line_listener.hpp"
#include "support/protocol.hpp"

namespace {

using chatd::test::ChatdProcess;
using chatd::test::free_port;
using chatd::test::IrcClient;
using chatd::test::line_chat_config;
using chatd::test::protocol::fence;
using chatd::test::protocol::sleep_ms;

// chatd with an IRC listener and a line listener on #lobby; `idle` is the listener's
// idle_flush_ms line ("" for the default). alice (IRC) is in #lobby.
struct LineChat {
  explicit LineChat(const std::string& idle = "")
      : irc_port(free_port()),
        line_port(free_port()),
        chatd(line_chat_config(irc_port, line_port, "welcome = \"hi\"\n" + idle), irc_port),
        alice(irc_port) {
    alice.register_as("alice");
    alice.send("JOIN #lobby");
    alice.expect(" 366 ");
  }

  // A line client that has joined; alice has seen its JOIN. Returns it with its guest nick.
  IrcClient guest(std::string& nick) {
    IrcClient plain(line_port);
    const std::string you = plain.expect("* You are ");
    nick = you.substr(10, you.find(' ', 10) - 10);
    plain.expect("* in #lobby: ");
    alice.expect(":" + nick + "!");
    return plain;
  }

  // The text of the next PRIVMSG alice gets in #lobby from `nick`.
  std::string said_by(const std::string& nick, int timeout_ms = 5000) {
    const std::string line = alice.expect(":" + nick + "!", timeout_ms);
    const std::string marker = " PRIVMSG #lobby :";
    auto at = line.find(marker);
    return at == std::string::npos ? "(not a PRIVMSG: " + line + ")" : line.substr(at + marker.size());
  }

  std::uint16_t irc_port;
  std::uint16_t line_port;
  ChatdProcess chatd;
  IrcClient alice;
};

}  // namespace

TEST_CASE("line_idle: text without a line end reaches the channel after a pause (default idle_flush_ms)") {
  LineChat chat;
  std::string nick1, nick2;
  IrcClient plain1 = chat.guest(nick1);
  IrcClient plain2 = chat.guest(nick2);
  plain1.drain(100);
  REQUIRE(plain1.send_raw("halo dari lab"));
  CHECK(chat.said_by(nick1) == "halo dari lab");
  CHECK(plain2.expect(nick1 + ": ") == nick1 + ": halo dari lab");
  // The next message, bare as well, is a line of its own.
  REQUIRE(plain1.send_raw("apa kabar?"));
  CHECK(chat.said_by(nick1) == "apa kabar?");
  CHECK(plain2.expect(nick1 + ": ") == nick1 + ": apa kabar?");
  fence(chat.alice);
}

TEST_CASE("line_idle: a line end ends a line at once; the text after it waits for its pause") {
  // A minute of idle_flush_ms: every line alice gets within the 5 s waits was ended by its LF.
  LineChat chat("idle_flush_ms = 60000\n");
  std::string nick;
  IrcClient plain = chat.guest(nick);
  REQUIRE(plain.send_raw("one\ntw"));
  CHECK(chat.said_by(nick) == "one");
  chat.alice.expect_silence(400);
  REQUIRE(plain.send_raw("o\r\n"));
  CHECK(chat.said_by(nick) == "two");
  fence(chat.alice);
}

TEST_CASE("line_idle: bytes that arrive before the pause join the same line, UTF-8 split included") {
  LineChat chat("idle_flush_ms = 3000\n");
  std::string nick;
  IrcClient plain = chat.guest(nick);
  // "café ok" in four pieces, the é cut between its two bytes; each gap is far below 3 s.
  for (std::string piece : {"ca", "f\xC3", "\xA9", " ok"}) {
    REQUIRE(plain.send_raw(piece));
    sleep_ms(100);
  }
  CHECK(chat.said_by(nick) == "caf\xC3\xA9 ok");
  fence(chat.alice);
}

TEST_CASE("line_idle: an unterminated line is bounded to 4096 bytes and sanitised like any line") {
  LineChat chat("idle_flush_ms = 100\n");
  std::string nick;
  IrcClient plain = chat.guest(nick);
  plain.drain(100);

  // Over the limit: dropped and reported once, and the pause ends it like a line end would.
  REQUIRE(plain.send_raw(std::string(5000, 'x')));
  CHECK(plain.expect("* Line too long") == "* Line too long (over 4096 bytes); it was dropped");
  // Bytes sent within 100 ms would still belong to the dropped line; these come well after.
  sleep_ms(1000);
  REQUIRE(plain.send_raw("after the long one"));
  CHECK(chat.said_by(nick) == "after the long one");

  // Exactly at the limit: all of it arrives, in PRIVMSGs that fit IRC's 512 bytes.
  const std::string full(4096, 'y');
  REQUIRE(plain.send_raw(full));
  std::string joined;
  while (joined.size() < full.size()) {
    const std::string part = chat.said_by(nick);
    if (part.find_first_not_of('y') != std::string::npos || part.empty()) break;
    joined += part;
  }
  CHECK(joined == full);

  // Invalid UTF-8 becomes U+FFFD, as on any line.
  REQUIRE(plain.send_raw("bad \xFF byte"));
  CHECK(chat.said_by(nick) == "bad \xEF\xBF\xBD byte");
  fence(chat.alice);
}

TEST_CASE("line_idle: idle_flush_ms = 0 waits for the line end") {
  LineChat chat("idle_flush_ms = 0\n");
  std::string nick;
  IrcClient plain = chat.guest(nick);
  REQUIRE(plain.send_raw("abc"));
  chat.alice.expect_silence(500);
  REQUIRE(plain.send_raw("def\n"));
  CHECK(chat.said_by(nick) == "abcdef");
  fence(chat.alice);
}

TEST_CASE("line_idle: text pending when a line client leaves is its last line, before its QUIT") {
  for (const std::string idle : {"idle_flush_ms = 60000\n", "idle_flush_ms = 0\n"}) {
    CAPTURE(idle);
    LineChat chat(idle);
    std::string nick;
    IrcClient plain = chat.guest(nick);
    REQUIRE(plain.send_raw("sampai jumpa"));
    plain.close();
    CHECK(chat.said_by(nick) == "sampai jumpa");
    CHECK(chat.alice.expect(":" + nick + "!").find(" QUIT :") != std::string::npos);
  }
}
