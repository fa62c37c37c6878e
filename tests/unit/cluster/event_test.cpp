// The bus codec: what one node encodes another decodes unchanged, and anything else on a chatd
// subject (foreign JSON, wrong types, oversized lists, CR/LF smuggled into a nick) is refused
// with a reason instead of being applied.
#include "cluster/event.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace chatd::cluster;

namespace {

Event message_event() {
  Event e;
  e.type = EventType::kMessage;
  e.node = "a";
  e.boot = "0123456789abcdef";
  e.user.nick = "alice";
  e.prefix = "alice!alice@10.0.0.1";
  e.command = "PRIVMSG";
  e.target = "#lab";
  e.text = "hello";
  e.has_text = true;
  e.msgid = "abc";
  e.time_ms = 1796414046123;
  e.account = "alice";
  return e;
}

std::string refused(const std::string& json) {
  Decoded d = decode(json);
  CHECK_FALSE(d.event.has_value());
  return d.error;
}

}  // namespace

TEST_CASE("cluster::event: a message, a mode change and a burst survive encode and decode") {
  Event m = message_event();
  Decoded d = decode(encode(m));
  REQUIRE(d.event.has_value());
  CHECK(*d.event == m);

  Event mode;
  mode.type = EventType::kMode;
  mode.node = "b";
  mode.boot = "x";
  mode.user.nick = "op";
  mode.channel = "#lab";
  mode.text = "+ob bob *!*@evil";
  mode.has_text = true;
  mode.state = ChannelState{
      "#lab", 5, "topic", "op", 6, "+mnt", "key", 10, {{"*!*@evil", "op", 7}}, {}, {}, {{"bob", true, false}}};
  d = decode(encode(mode));
  REQUIRE(d.event.has_value());
  CHECK(*d.event == mode);

  Event burst;
  burst.type = EventType::kBurst;
  burst.node = "c";
  burst.boot = "y";
  RemoteUser u;
  u.nick = "carol";
  u.username = "carol";
  u.host = "10.0.0.3";
  u.server = "c.chat";
  u.secure = true;
  burst.users = {u};
  burst.channels = {ChannelState{"#x", 1, "", "", 0, "+nt", "", 0, {}, {}, {}, {{"carol", true, false}}}};
  d = decode(encode(burst));
  REQUIRE(d.event.has_value());
  CHECK(*d.event == burst);
}

TEST_CASE("cluster::event: invalid UTF-8 in a client's text is replaced, never a throw") {
  Event m = message_event();
  m.text = std::string("bad \xff\xfe byte");
  Decoded d = decode(encode(m));
  REQUIRE(d.event.has_value());
  CHECK(d.event->text.find("bad ") == 0);
}

TEST_CASE("cluster::event: foreign and malformed messages are refused with a reason") {
  CHECK(refused("") == "not JSON");
  CHECK(refused("[1,2]") == "not a JSON object");
  CHECK(refused(R"({"v":2,"t":"msg","node":"a","boot":"b","nick":"x","target":"#a","command":"PRIVMSG"})") ==
        "unknown version");
  CHECK(refused(R"({"v":1,"t":"launch","node":"a","boot":"b"})") == "unknown type");
  CHECK(refused(R"({"v":1,"t":"msg","node":"a","boot":"b","nick":"x","target":"#a","command":"KILL"})") ==
        "unknown message command");
  CHECK(refused(R"({"v":1,"t":"join","node":"a","boot":"b","nick":"x"})") == "no channel");
  CHECK(refused(R"({"v":1,"t":"mode","node":"a","boot":"b","nick":"x","channel":"#a"})") ==
        "a mode event without the channel's state");
  CHECK(refused(R"({"v":1,"t":"user","node":"a","boot":"b","user":{"nick":"x\r\nQUIT :pwned"}})") ==
        "\"nick\" holds CR, LF or NUL");
  CHECK(refused(R"({"v":1,"t":"user","node":"a","boot":"b","user":{"nick":7}})") == "\"nick\" is not a string");
  CHECK(refused(R"({"v":1,"t":"part","node":"a","boot":"b","nick":"x","channel":"#a","op":"yes"})") ==
        "\"op\" is not a boolean");
  CHECK(refused(R"({"v":1,"t":"msg","node":"","boot":"b"})") == "empty node or boot");
  CHECK(refused(std::string(kMaxEventBytes + 1, ' ')).find("larger than") == 0);
  std::string many =
      R"({"v":1,"t":"mode","node":"a","boot":"b","nick":"x","channel":"#a","state":{"name":"#a","bans":[)";
  for (std::size_t i = 0; i <= kMaxListEntries; ++i) many += std::string(i ? "," : "") + R"({"mask":"m"})";
  many += "]}}";
  CHECK(refused(many) == "\"bans\" has too many entries");
}
