#include "websocket/handshake.hpp"

#include <doctest/doctest.h>

#include "websocket/frames.hpp"

using namespace chatd::websocket;

TEST_CASE("websocket::accept_key is RFC 6455's example") {
  CHECK(accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST_CASE("websocket::choose_subprotocol takes the client's first known one") {
  CHECK(choose_subprotocol("binary.ircv3.net, text.ircv3.net") == Subprotocol::binary);
  CHECK(choose_subprotocol("text.ircv3.net,binary.ircv3.net") == Subprotocol::text);
  CHECK(choose_subprotocol("chat, text.ircv3.net") == Subprotocol::text);
  CHECK(choose_subprotocol("chat, soap") == Subprotocol::none);
  CHECK(choose_subprotocol("") == Subprotocol::none);
}

TEST_CASE("websocket::origin_allowed: the page's own origin by default, else the list") {
  const std::string host = "chat.lan:8097";
  const std::string own = "http://chat.lan:8097";
  const std::string other = "http://evil.example";
  const std::string opaque = "null";
  CHECK(origin_allowed(nullptr, &host, {}));
  CHECK(origin_allowed(&own, &host, {}));
  CHECK_FALSE(origin_allowed(&other, &host, {}));
  CHECK_FALSE(origin_allowed(&opaque, &host, {}));
  CHECK_FALSE(origin_allowed(&own, nullptr, {}));
  CHECK(origin_allowed(&other, &host, {"HTTP://EVIL.example"}));
  CHECK_FALSE(origin_allowed(&own, &host, {"http://evil.example"}));
}

TEST_CASE("websocket::client_host honours X-Forwarded-For from trusted proxies only") {
  const std::string xff = "198.51.100.1, 203.0.113.7";
  const std::string junk = "203.0.113.7, not-an-address";
  CHECK(client_host("10.0.0.1", &xff, {"10.0.0.1"}) == "203.0.113.7");
  CHECK(client_host("10.0.0.2", &xff, {"10.0.0.1"}) == "10.0.0.2");
  CHECK(client_host("10.0.0.1", &junk, {"10.0.0.1"}) == "10.0.0.1");
  CHECK(client_host("10.0.0.1", nullptr, {"10.0.0.1"}) == "10.0.0.1");
  CHECK(client_host("::1", &xff, {"0:0:0:0:0:0:0:1"}) == "203.0.113.7");
}

TEST_CASE("websocket::frame_lines makes one unmasked frame per IRC line") {
  CHECK(frame_lines("PING :a\r\nPING :b\r\n", kOpText) == std::string("\x81\x07PING :a\x81\x07PING :b"));
  const std::string long_line(300, 'x');
  const std::string framed = frame_lines(long_line + "\r\n", kOpBinary);
  CHECK(framed.substr(0, 4) == std::string("\x82\x7e\x01\x2c", 4));
  CHECK(framed.size() == 304);
}
