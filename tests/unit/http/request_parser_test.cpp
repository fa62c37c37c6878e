#include "http/request_parser.hpp"

#include <doctest/doctest.h>

#include <string>

using chatd::http::Limits;
using chatd::http::RequestParser;
using Status = RequestParser::Status;

namespace {
// Feeds `text` one piece at a time (1 byte when `step` is 1) and returns the bytes used.
std::size_t feed_in_pieces(RequestParser& parser, std::string_view text, std::size_t step) {
  std::size_t used = 0;
  while (used < text.size() && parser.status() == Status::incomplete) {
    used += parser.feed(text.substr(used, step));
  }
  return used;
}
}  // namespace

TEST_CASE("http::RequestParser: a GET with headers, whole or byte by byte") {
  const std::string text = "GET /metrics?x=1&worker=2 HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\n\r\n";
  for (std::size_t step : {text.size(), std::size_t{1}, std::size_t{7}}) {
    RequestParser parser;
    CHECK(feed_in_pieces(parser, text, step) == text.size());
    REQUIRE(parser.status() == Status::complete);
    const auto& request = parser.request();
    CHECK(request.method == "GET");
    CHECK(request.target == "/metrics?x=1&worker=2");
    CHECK(request.path() == "/metrics");
    CHECK(request.query() == "x=1&worker=2");
    CHECK(request.version_major == 1);
    CHECK(request.version_minor == 1);
    CHECK(request.keep_alive);
    REQUIRE(request.header("host"));
    CHECK(*request.header("HOST") == "localhost");
    CHECK(request.header("Cookie") == nullptr);
    bool found = false;
    CHECK(chatd::http::query_value(request.query(), "worker", found) == "2");
    CHECK(found);
    chatd::http::query_value(request.query(), "work", found);
    CHECK_FALSE(found);
  }
}

TEST_CASE("http::RequestParser: stops after one request; reset() parses the next (pipelining)") {
  const std::string two = "HEAD /a HTTP/1.1\r\n\r\nGET /b HTTP/1.0\r\n\r\n";
  RequestParser parser;
  const std::size_t used = parser.feed(two);
  REQUIRE(parser.status() == Status::complete);
  CHECK(parser.request().method == "HEAD");
  CHECK(used == std::string("HEAD /a HTTP/1.1\r\n\r\n").size());
  parser.reset();
  CHECK(parser.feed(std::string_view(two).substr(used)) == two.size() - used);
  REQUIRE(parser.status() == Status::complete);
  CHECK(parser.request().target == "/b");
  CHECK_FALSE(parser.request().keep_alive);  // HTTP/1.0 without Connection: keep-alive
}

TEST_CASE("http::RequestParser: Connection: close and Upgrade are reported") {
  RequestParser parser;
  parser.feed("GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
  REQUIRE(parser.status() == Status::complete);
  CHECK_FALSE(parser.request().keep_alive);

  RequestParser upgrade;
  const std::string text =
      "GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x05hello";
  const std::size_t used = upgrade.feed(text);
  REQUIRE(upgrade.status() == Status::complete);
  CHECK(upgrade.request().upgrade);
  CHECK(text.substr(used) == "\x81\x05hello");  // the other protocol's bytes are left alone
}

TEST_CASE("http::RequestParser: malformed requests are 400") {
  for (std::string bad : {std::string("GARBAGE\r\n\r\n"), std::string("GET / HTTP/1.1\r\nNo colon here\r\n\r\n"),
                          std::string("GET / XTTP/1.1\r\n\r\n"), std::string("GET /\0 HTTP/1.1\r\n\r\n", 19)}) {
    CAPTURE(bad);
    RequestParser parser;
    parser.feed(bad);
    CHECK(parser.status() == Status::failed);
    CHECK(parser.error_status() == 400);
    CHECK_FALSE(parser.error().empty());
  }
}

TEST_CASE("http::RequestParser: the head, the header count and the body are bounded") {
  SUBCASE("a long target") {
    RequestParser parser(Limits{.max_head_bytes = 100});
    parser.feed("GET /" + std::string(200, 'a'));
    CHECK(parser.status() == Status::failed);
    CHECK(parser.error_status() == 431);
  }
  SUBCASE("a long header value, fed in small pieces") {
    RequestParser parser(Limits{.max_head_bytes = 100});
    feed_in_pieces(parser, "GET / HTTP/1.1\r\nX: " + std::string(500, 'v') + "\r\n\r\n", 3);
    CHECK(parser.status() == Status::failed);
    CHECK(parser.error_status() == 431);
  }
  SUBCASE("many short headers") {
    RequestParser parser(Limits{.max_headers = 4});
    std::string text = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 5; ++i) text += "H" + std::to_string(i) + ": v\r\n";
    parser.feed(text + "\r\n");
    CHECK(parser.status() == Status::failed);
    CHECK(parser.error_status() == 431);
  }
  SUBCASE("exactly the limit passes") {
    const std::string text = "GET / HTTP/1.1\r\nA: b\r\n\r\n";
    RequestParser parser(Limits{.max_head_bytes = text.size()});
    parser.feed(text);
    CHECK(parser.status() == Status::complete);
  }
  SUBCASE("the final line ends count the same whole and in pieces") {
    // Found by the fuzzer: pieces counted the blank line, a whole head did not.
    const std::string text = "GET / HTTP/1.1\r\nA: b\r\n\r\n";
    RequestParser whole(Limits{.max_head_bytes = text.size() - 2});
    whole.feed(text);
    RequestParser pieces(Limits{.max_head_bytes = text.size() - 2});
    feed_in_pieces(pieces, text, 1);
    CHECK(whole.status() == Status::complete);
    CHECK(pieces.status() == Status::complete);
  }
  SUBCASE("a body") {
    RequestParser parser;
    parser.feed("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
    CHECK(parser.status() == Status::failed);
    CHECK(parser.error_status() == 413);
    RequestParser chunked;
    chunked.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    CHECK(chunked.status() == Status::failed);
    CHECK(chunked.error_status() == 413);
    RequestParser allowed(Limits{.max_body_bytes = 5});
    allowed.feed("PUT / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
    REQUIRE(allowed.status() == Status::complete);
    CHECK(allowed.request().body == "hello");
  }
}

TEST_CASE("http::RequestParser: only HTTP/1.x") {
  RequestParser parser;
  parser.feed("GET / HTTP/2.0\r\n\r\n");
  CHECK(parser.status() == Status::failed);
  CHECK(parser.error_status() == 505);
}
