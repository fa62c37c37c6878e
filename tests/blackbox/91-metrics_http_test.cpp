// The metrics endpoint as an HTTP server: GET and HEAD only, 404 elsewhere, bad requests 400,
// oversized heads 431, persistent and pipelined requests, the connection cap, the idle timeout
// and the whole-request deadline (slowloris), and no endpoint at all without an address.
#include <doctest/doctest.h>
#include <sys/socket.h>

#include <string>
#include <vector>

#include "support/chatd_fixture.hpp"
#include "support/http_client.hpp"
#include "support/protocol.hpp"
#include "support/text.hpp"

namespace {

using namespace chatd::test;

struct Endpoint {
  Endpoint() : port(free_port()), chatd({.extra = metrics_table(port)}) {}
  std::uint16_t port;
  Chatd chatd;
};

}  // namespace

TEST_CASE("metrics-http: methods other than GET and HEAD are 405, with Allow") {
  Endpoint endpoint;
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS", "PATCH"}) {
    CAPTURE(method);
    const auto response =
        http_exchange(endpoint.port, std::string(method) + " /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    CHECK(response.status == 405);
    CHECK(response.header("Allow") == "GET, HEAD");
  }
}

TEST_CASE("metrics-http: other paths are 404; a query string does not change the path") {
  Endpoint endpoint;
  CHECK(http_get(endpoint.port, "/").status == 404);
  CHECK(http_get(endpoint.port, "/metrics/").status == 404);
  CHECK(http_get(endpoint.port, "/test/stall-worker?worker=0&ms=10").status == 404);  // no test hook
  CHECK(http_get(endpoint.port, "/metrics?name[]=chatd_channels").status == 200);
}

TEST_CASE("metrics-http: HEAD gets the headers of GET and no body") {
  Endpoint endpoint;
  IrcClient client(endpoint.port);
  client.send_raw("HEAD /healthz HTTP/1.1\r\n\r\n");
  const auto head = read_response(client, true);
  CHECK(head.status == 200);
  CHECK(std::stoul(head.header("Content-Length")) > 0);
  // The connection stays usable, and no body bytes were sent before the next answer.
  client.send_raw("GET /nothing HTTP/1.1\r\n\r\n");
  CHECK(read_response(client).status == 404);
}

TEST_CASE("metrics-http: malformed requests are 400 and the connection closes") {
  Endpoint endpoint;
  for (std::string bad : {std::string("HELLO\r\n\r\n"), std::string("GET /metrics HTTP/1.1\r\nno-colon\r\n\r\n"),
                          std::string("GET /metrics FTP/1.0\r\n\r\n"), std::string("\x16\x03\x01\x02\x00\x01", 6)}) {
    CAPTURE(bad);
    IrcClient client(endpoint.port);
    client.send_raw(bad);
    const auto response = read_response(client);
    CHECK(response.status == 400);
    CHECK(response.header("Connection") == "close");
    client.read_until_closed();
    CHECK(client.closed());
  }
  CHECK(http_exchange(endpoint.port, "GET /metrics HTTP/3.0\r\n\r\n").status == 505);
  CHECK(http_exchange(endpoint.port, "GET /metrics HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789").status == 413);
}

TEST_CASE("metrics-http: a head past 8 KiB or 64 headers is 431, however it is sent") {
  Endpoint endpoint;
  CHECK(http_exchange(endpoint.port, "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n").status == 431);
  std::string many = "GET /metrics HTTP/1.1\r\n";
  for (int i = 0; i < 65; ++i) many += "X-" + std::to_string(i) + ": 1\r\n";
  CHECK(http_exchange(endpoint.port, many + "\r\n").status == 431);
  // Header bytes trickling in: the limit counts what came before, not one read.
  IrcClient client(endpoint.port);
  client.send_raw("GET /metrics HTTP/1.1\r\n");
  for (int i = 0; i < 9; ++i) client.send_raw("X-Long: " + std::string(1000, 'v') + "\r\n");
  CHECK(read_response(client).status == 431);
}

TEST_CASE("metrics-http: persistent connections answer requests in order, pipelined ones too") {
  Endpoint endpoint;
  IrcClient client(endpoint.port);
  client.send_raw("GET /healthz HTTP/1.1\r\n\r\n");
  CHECK(read_response(client).status == 200);
  client.send_raw("GET /metrics HTTP/1.1\r\n\r\nGET /nope HTTP/1.1\r\n\r\nHEAD /metrics HTTP/1.1\r\n\r\n");
  const auto first = read_response(client);
  CHECK(first.status == 200);
  CHECK(contains(first.body, "chatd_build_info"));
  CHECK(read_response(client).status == 404);
  CHECK(read_response(client, true).status == 200);
  // HTTP/1.0 without keep-alive: answered, then closed.
  client.send_raw("GET /healthz HTTP/1.0\r\n\r\n");
  CHECK(read_response(client).status == 200);
  client.read_until_closed();
  CHECK(client.closed());
}

TEST_CASE("metrics-http: past 16 connections a client is told 503; an idle one is closed after 10 s") {
  Endpoint endpoint;
  std::vector<IrcClient> open;
  for (int i = 0; i < 16; ++i) {
    open.emplace_back(endpoint.port);
    open.back().send_raw("GET /healthz HTTP/1.1\r\n\r\n");
    REQUIRE(read_response(open.back()).status == 200);
  }
  const auto refused = http_get(endpoint.port, "/metrics");
  CHECK(refused.status == 503);
  CHECK(contains(refused.body, "too many connections"));
  // Silent for the idle timeout: closed, and room is made.
  open.front().read_until_closed(15000);
  CHECK(open.front().closed());
  open.clear();
  CHECK(wait_until([&] { return http_get(endpoint.port, "/healthz").status == 200; }));
}

TEST_CASE("metrics-http: a request trickled a byte at a time (slowloris) is closed after 10 s all the same") {
  Endpoint endpoint;
  IrcClient client(endpoint.port);
  client.send_raw("GET /metrics HTTP/1.1\r\nX-Slow: ");
  // Each byte well inside the timeout, the head never finished: only a deadline for the whole
  // request closes this. Bounded at 30 s, three times the timeout.
  for (int i = 0; i < 60 && !client.closed(); ++i) {
    client.send_raw("a");
    client.drain(500);
  }
  CHECK(client.closed());
  CHECK(client.pending().empty());  // closed without an answer
  CHECK(http_get(endpoint.port, "/healthz").status == 200);
}

TEST_CASE("metrics-http: no [metrics] table, or address = \"\", means no endpoint") {
  const std::uint16_t port = free_port();
  Chatd chatd({.extra = "[metrics]\naddress = \"\"\n"});
  CHECK(wait_for_log(chatd.process, "ready"));
  CHECK_FALSE(contains(chatd.process.log(), "metrics on"));
  CHECK_THROWS(IrcClient(port));  // nothing listens there
}
