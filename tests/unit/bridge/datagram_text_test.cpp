#include "bridge/datagram_text.hpp"

#include <doctest/doctest.h>

#include <string>

#include "irc/utf8.hpp"

using chatd::bridge::decode_text;
using chatd::bridge::encode_text;
using chatd::bridge::pseudo_nick;
using chatd::bridge::pseudo_source;
using chatd::sys::SocketAddress;
using Lines = std::vector<std::string>;

TEST_CASE("bridge::encode_text: messages, actions and notices") {
  CHECK(encode_text(":alice!alice@h PRIVMSG #lan :hello there\r\n", 1400) == Lines{"<alice> hello there"});
  CHECK(encode_text(":alice!alice@h PRIVMSG #lan :\x01"
                    "ACTION waves\x01\r\n",
                    1400) == Lines{"* alice waves"});
  CHECK(encode_text(":bob!b@h NOTICE #lan :heads up", 1400) == Lines{"<bob> heads up"});
  CHECK(encode_text(":chat.lan NOTICE #lan :server going down", 1400) == Lines{"<chat.lan> server going down"});
  CHECK(encode_text(":alice!a@h PRIVMSG #lan :caf\xc3\xa9 \xe2\x82\xac", 1400) ==
        Lines{"<alice> caf\xc3\xa9 \xe2\x82\xac"});
}

TEST_CASE("bridge::encode_text: everything else is not sent") {
  CHECK(encode_text(":alice!a@h JOIN #lan\r\n", 1400).empty());
  CHECK(encode_text(":alice!a@h PART #lan :bye\r\n", 1400).empty());
  CHECK(encode_text(":alice!a@h TOPIC #lan :new topic\r\n", 1400).empty());
  CHECK(encode_text(":alice!a@h PRIVMSG #lan :\x01VERSION\x01\r\n", 1400).empty());
  CHECK(encode_text(":alice!a@h PRIVMSG #lan :\r\n", 1400).empty());
  CHECK(encode_text("", 1400).empty());
  CHECK(encode_text("   ", 1400).empty());
}

TEST_CASE("bridge::encode_text: long text is split at character boundaries") {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "\xe2\x82\xac";  // 300 bytes of 3-byte characters
  const auto datagrams = encode_text(":al!a@h PRIVMSG #lan :" + text, 64);
  REQUIRE(datagrams.size() > 1);
  std::string joined;
  for (const auto& d : datagrams) {
    CHECK(d.size() <= 64);
    CHECK(d.rfind("<al> ", 0) == 0);
    CHECK(chatd::irc::is_valid_utf8(d));
    joined += d.substr(5);
  }
  CHECK(joined == text);
  // 59 bytes of room hold 19 characters (57 bytes).
  CHECK(datagrams[0].size() == 5 + 57);
}

TEST_CASE("bridge::encode_text: a nick too long for the datagram is cut, the datagram never is") {
  const std::string nick(64, 'n');
  auto datagrams = encode_text(":" + nick + "!u@h PRIVMSG #lan :" + std::string(100, 't'), 64);
  REQUIRE(!datagrams.empty());
  for (const auto& datagram : datagrams) {
    CHECK(datagram.size() <= 64);
    CHECK(datagram.rfind("<" + std::string(57, 'n') + "> t", 0) == 0);
  }
}

TEST_CASE("bridge::decode_text: lines are split, cleaned and repaired") {
  CHECK(decode_text("hello") == Lines{"hello"});
  CHECK(decode_text("one\ntwo\r\n\n\nthree\n") == Lines{"one", "two", "three"});
  CHECK(decode_text(std::string("a\0b\r\n", 5)) == Lines{"ab"});
  CHECK(decode_text("").empty());
  CHECK(decode_text("\r\n\n\r").empty());
  CHECK(decode_text(std::string(3, '\0')).empty());
  CHECK(decode_text("bad \xff\xfe end") == Lines{"bad \xef\xbf\xbd\xef\xbf\xbd end"});
  CHECK(decode_text("cut \xe2\x82") == Lines{"cut \xef\xbf\xbd"});
  const auto big = decode_text(std::string(65507, 'x'));
  REQUIRE(big.size() == 1);
  CHECK(big[0].size() == 65507);
}

TEST_CASE("bridge::pseudo_nick and pseudo_source") {
  const auto v4 = SocketAddress::from_numeric("10.0.0.7", 5004);
  CHECK(pseudo_nick(v4) == "udp-10-0-0-7");
  CHECK(pseudo_source(v4) == "udp-10-0-0-7!udp@10.0.0.7");
  const auto v6 = SocketAddress::from_numeric("fe80::1", 5004);
  CHECK(pseudo_nick(v6) == "udp-fe80--1");
  CHECK(pseudo_source(v6) == "udp-fe80--1!udp@fe80::1");
  const auto loop6 = SocketAddress::from_numeric("::1", 5004);
  CHECK(pseudo_nick(loop6) == "udp---1");
  CHECK(pseudo_source(loop6) == "udp---1!udp@0::1");
}
