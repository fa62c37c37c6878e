// WebSocket listeners (IRCv3 WebSocket over RFC 6455): the handshake and its subprotocols,
// the Origin check, X-Forwarded-For, framing rules (masking, fragments, ping, close, 1002,
// 1007, 1009), and WebSocket and plain IRC users in one channel.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <utility>

#include "support/chatd_fixture.hpp"
#include "support/protocol.hpp"
#include "support/tls_fixture.hpp"
#include "support/wait.hpp"
#include "support/websocket_client.hpp"

namespace {

using namespace chatd::test;
using namespace chatd::test::protocol;

ChatdConfig with_websocket(std::string keys = "") {
  ChatdConfig config;
  config.listeners.push_back({.protocol = "websocket", .keys = std::move(keys)});
  return config;
}

std::uint16_t ws_port(const Chatd& chatd) { return chatd.config.listeners.at(0).port; }

}  // namespace

TEST_CASE("websocket: a WebSocket user and an IRC user chat in one channel") {
  Chatd chatd(with_websocket());
  WebSocketClient web(ws_port(chatd), {.protocols = "text.ircv3.net"});
  REQUIRE(web.status() == 101);
  CHECK(web.header("Sec-WebSocket-Accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");  // RFC 6455's example
  CHECK(web.header("Sec-WebSocket-Protocol") == "text.ircv3.net");
  web.register_as("webby");
  IrcClient irc = chatd.registered("ircy");
  web.send_text("JOIN #lab");
  web.expect(":webby!webby@127.0.0.1 JOIN #lab");
  join_channel(irc, "#lab");
  web.expect(":ircy!ircy@127.0.0.1 JOIN #lab");

  web.send_text("PRIVMSG #lab :hello from the browser");
  expect_next(irc, ":webby!webby@127.0.0.1 PRIVMSG #lab :hello from the browser");
  irc.send("PRIVMSG #lab :hello from irssi");
  const std::string got = web.expect("PRIVMSG #lab :hello from irssi");
  CHECK(got == ":ircy!ircy@127.0.0.1 PRIVMSG #lab :hello from irssi");  // one line, no CR LF
}

TEST_CASE("websocket: the subprotocol follows the client's order; none means text frames") {
  Chatd chatd(with_websocket());
  {
    WebSocketClient web(ws_port(chatd), {.protocols = "binary.ircv3.net, text.ircv3.net"});
    REQUIRE(web.status() == 101);
    CHECK(web.header("Sec-WebSocket-Protocol") == "binary.ircv3.net");
    web.send_frame(2, "PING :bin");
    const auto frame = web.read_frame();
    REQUIRE(frame.has_value());
    CHECK(frame->opcode == 2);
    CHECK(frame->payload.find("PONG") != std::string::npos);
    CHECK(frame->payload.find("\r\n") == std::string::npos);
  }
  {
    WebSocketClient web(ws_port(chatd), {.protocols = "x.example, text.ircv3.net, binary.ircv3.net"});
    REQUIRE(web.status() == 101);
    CHECK(web.header("Sec-WebSocket-Protocol") == "text.ircv3.net");
  }
  {
    WebSocketClient web(ws_port(chatd));
    REQUIRE(web.status() == 101);
    CHECK(web.header("Sec-WebSocket-Protocol").empty());
    web.send_text("PING :plain");
    const auto frame = web.read_frame();
    REQUIRE(frame.has_value());
    CHECK(frame->opcode == 1);
    CHECK(frame->payload.ends_with(" PONG test.chatd :plain"));
  }
}

TEST_CASE("websocket: client frames must be masked") {
  Chatd chatd(with_websocket());
  WebSocketClient web(ws_port(chatd));
  REQUIRE(web.status() == 101);
  web.send_frame(1, "NICK bare", true, /*masked=*/false);
  CHECK(web.expect_close() == 1002);
}

TEST_CASE("websocket: a fragmented message is one line, with control frames between its fragments") {
  Chatd chatd(with_websocket());
  WebSocketClient web(ws_port(chatd));
  REQUIRE(web.status() == 101);
  web.send_frame(1, "PING", false);
  web.send_frame(9, "between");  // a ping may come between fragments
  web.send_frame(0, " :frag", false);
  web.send_frame(0, "mented", true);
  const auto pong = web.read_frame();
  REQUIRE(pong.has_value());
  CHECK(pong->opcode == 10);
  CHECK(pong->payload == "between");
  web.expect(" PONG test.chatd :fragmented");
}

TEST_CASE("websocket: close handshake, invalid UTF-8 (1007) and oversized messages (1009)") {
  Chatd chatd(with_websocket());
  {
    WebSocketClient web(ws_port(chatd));
    REQUIRE(web.status() == 101);
    web.send_frame(8, std::string("\x03\xe8", 2) + "bye");
    CHECK(web.expect_close() == 1000);
    CHECK_FALSE(web.read_frame(3000).has_value());
    CHECK(web.eof());
  }
  {
    WebSocketClient web(ws_port(chatd));
    REQUIRE(web.status() == 101);
    web.send_text("PRIVMSG x :\xc3\x28 broken");
    CHECK(web.expect_close() == 1007);
  }
  {
    // Binary messages are not text: bad UTF-8 is the IRC layer's to repair, as over TCP.
    WebSocketClient web(ws_port(chatd), {.protocols = "binary.ircv3.net"});
    REQUIRE(web.status() == 101);
    web.send_frame(2, "PING :\xc3\x28");
    web.expect("PONG");
  }
  {
    WebSocketClient web(ws_port(chatd));
    REQUIRE(web.status() == 101);
    web.send_frame(1, "PRIVMSG x :" + std::string(9000, 'a'), false);
    CHECK(web.expect_close() == 1009);
  }
  {
    // Fragments that add up past the limit are oversized too.
    WebSocketClient web(ws_port(chatd));
    REQUIRE(web.status() == 101);
    web.send_frame(1, "PRIVMSG x :" + std::string(5000, 'a'), false);
    web.send_frame(0, std::string(5000, 'a'), true);
    CHECK(web.expect_close() == 1009);
  }
}

TEST_CASE("websocket: QUIT ends with the ERROR line, then a close frame") {
  Chatd chatd(with_websocket());
  WebSocketClient web(ws_port(chatd));
  web.register_as("leaver");
  web.send_text("QUIT :done");
  web.expect("ERROR :Closing link");
  CHECK(web.expect_close() == 1000);
}

TEST_CASE("websocket: Origin must be the page's own unless allowed_origins says otherwise") {
  {
    Chatd chatd(with_websocket());
    const std::string own = "127.0.0.1:" + std::to_string(ws_port(chatd));
    CHECK(WebSocketClient(ws_port(chatd), {.origin = "http://" + own}).status() == 101);
    CHECK(WebSocketClient(ws_port(chatd), {.origin = "http://evil.example"}).status() == 403);
    CHECK(WebSocketClient(ws_port(chatd), {.origin = "null"}).status() == 403);
    // Not a browser: nothing to protect.
    CHECK(WebSocketClient(ws_port(chatd)).status() == 101);
  }
  {
    Chatd chatd(with_websocket("allowed_origins = [\"https://chat.example\"]\n"));
    const std::string own = "127.0.0.1:" + std::to_string(ws_port(chatd));
    CHECK(WebSocketClient(ws_port(chatd), {.origin = "https://chat.example"}).status() == 101);
    CHECK(WebSocketClient(ws_port(chatd), {.origin = "http://" + own}).status() == 403);
  }
}

TEST_CASE("websocket: X-Forwarded-For names the user's host only from a trusted proxy") {
  const WsUpgrade forwarded{.extra_headers = "X-Forwarded-For: 198.51.100.1, 203.0.113.7\r\n"};
  // The proxy chatd trusts, and the host WHOIS then shows.
  for (const auto& [proxy, host] : {std::pair{"127.0.0.1", "203.0.113.7"}, std::pair{"192.0.2.1", "127.0.0.1"}}) {
    CAPTURE(proxy);
    Chatd chatd(with_websocket("trusted_proxies = [\"" + std::string(proxy) + "\"]\n"));
    WebSocketClient web(ws_port(chatd), forwarded);
    web.register_as("webby");
    IrcClient irc = chatd.registered("looker");
    irc.send("WHOIS webby");
    irc.expect(" 311 looker webby webby " + std::string(host) + " ");
  }
}

TEST_CASE("websocket: behind a trusted proxy, max_per_ip counts the forwarded addresses") {
  ChatdConfig config = with_websocket("trusted_proxies = [\"127.0.0.1\"]\n");
  config.limits = "max_per_ip = 2\n";
  Chatd chatd(config);
  const WsUpgrade seven{.extra_headers = "X-Forwarded-For: 203.0.113.7\r\n"};
  const WsUpgrade eight{.extra_headers = "X-Forwarded-For: 203.0.113.8\r\n"};
  // Three users through one proxy address: more than max_per_ip, and all let in.
  WebSocketClient a(ws_port(chatd), seven), b(ws_port(chatd), seven), c(ws_port(chatd), eight);
  CHECK(a.status() == 101);
  CHECK(b.status() == 101);
  CHECK(c.status() == 101);
  // A third from the same forwarded address is one too many.
  CHECK(WebSocketClient(ws_port(chatd), seven).status() == 503);
  // Its slot is given back when one of them leaves.
  a.send_text("QUIT");
  a.expect_close();
  REQUIRE(wait_until([&] { return WebSocketClient(ws_port(chatd), seven).status() == 101; }));
}

TEST_CASE("websocket: a bad upgrade is refused with the right status") {
  Chatd chatd(with_websocket());
  const auto port = ws_port(chatd);
  WebSocketClient web(port, {.extra_headers = "X-Test: 1\r\n"});
  CHECK(web.status() == 101);
  // Version 8 (a draft): 426 naming the version chatd speaks.
  {
    IrcClient raw(port);
    raw.send_raw(
        "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n");
    raw.expect("HTTP/1.1 426");
    raw.expect("Sec-WebSocket-Version: 13");
  }
  {
    IrcClient raw(port);
    raw.send_raw(
        "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n");
    raw.expect("HTTP/1.1 400");
  }
}

TEST_CASE("websocket: wss (TLS below WebSocket) chats with TLS and plain IRC users") {
  ChatdConfig config;
  config.listeners.push_back({.protocol = "websocket", .keys = "tls = true\n"});
  TlsChatd server(std::move(config));
  const auto wss_port = server.chatd.config.listeners.at(1).port;
  WebSocketClient web(wss_port, {.protocols = "text.ircv3.net", .tls = true});
  REQUIRE(web.status() == 101);
  web.register_as("secure");
  IrcClient irc = server.chatd.registered("plain");
  IrcClient tls = server.tls_registered("sealed");
  join_all("#lab", {&irc, &tls});
  web.send_text("JOIN #lab");
  web.expect(":secure!secure@127.0.0.1 JOIN #lab");
  irc.expect("JOIN #lab");
  tls.expect("JOIN #lab");
  // A burst through both layers arrives whole and in order.
  for (int i = 0; i < 100; ++i) irc.send("PRIVMSG #lab :burst " + std::to_string(i));
  for (int i = 0; i < 100; ++i) web.expect("PRIVMSG #lab :burst " + std::to_string(i));
  web.send_text("PRIVMSG #lab :over wss");
  tls.expect(":secure!secure@127.0.0.1 PRIVMSG #lab :over wss");
  irc.send("WHOIS secure");
  irc.expect(" 671 plain secure ");
  web.send_text("QUIT");
  web.expect("ERROR :Closing link");
  CHECK(web.expect_close() == 1000);
}

TEST_CASE("websocket: the per-address, flood and registration limits of IRC clients apply") {
  ChatdConfig config = with_websocket();
  config.limits = "max_per_ip = 2\nrecvq = 2048\nflood_burst = 5\nflood_lines_per_second = 1\n";
  Chatd chatd(config);
  IrcClient irc = chatd.registered("first");
  // The fixture's probes of the listeners hold an address slot until their worker has seen
  // them close: the second connection may be refused until then.
  std::optional<WebSocketClient> second;
  REQUIRE(wait_until([&] {
    second.reset();
    second.emplace(ws_port(chatd));
    return second->status() == 101;
  }));
  // The third connection from 127.0.0.1 is refused before any WebSocket is opened.
  WebSocketClient third(ws_port(chatd));
  CHECK(third.status() == 503);
  second->register_as("second");
  for (int i = 0; i < 100; ++i) second->send_text("PRIVMSG first :" + std::string(100, 'x'));
  second->expect("ERROR :Closing link: second[127.0.0.1] (Excess Flood)", 10000);
  CHECK(second->expect_close() == 1000);
}

TEST_CASE("websocket: pongs count against the sendq of a client that never reads") {
  ChatdConfig config = with_websocket();
  config.limits =
      "sendq = 4096\nflood_lines_per_second = 100000\nflood_burst = 100000\n"
      "flood_bytes_per_second = 100000000\nflood_bytes_burst = 100000000\n";
  Chatd chatd(config);
  WebSocketClient web(ws_port(chatd), {.receive_buffer = 4096});
  REQUIRE(web.status() == 101);
  web.register_as("sleeper");
  const std::string payload(120, 'p');
  for (int i = 0; i < 20000 && web.send_frame(9, payload); ++i) {
  }
  // Without the cap the server would queue pongs for as long as the client keeps the socket.
  while (web.read_frame(10000)) {
  }
  CHECK(web.eof());
}
