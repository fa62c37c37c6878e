// HTTP for the black-box tests of chatd's metrics endpoint: one answer read off an IrcClient
// connected to the endpoint (so a test can also send raw, broken or pipelined requests on the
// same connection), a GET in one call, and the Prometheus text parsed into series -> value.
// Use from the test's own thread only, like IrcClient.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "support/irc_client.hpp"

namespace chatd::test {

struct HttpResponse {
  int status = 0;                    // 0: no answer (timeout, or the connection closed first)
  std::vector<std::string> headers;  // "Name: value", as received
  std::string body;

  // The value of the first header called `name` (any case); empty when there is none.
  std::string header(std::string_view name) const;
};

// The next answer on `client`. `head_only`: an answer to HEAD, whose body is not sent.
HttpResponse read_response(IrcClient& client, bool head_only = false, int timeout_ms = 5000);
// Connects to 127.0.0.1:port, sends `raw` as it is and reads one answer.
HttpResponse http_exchange(std::uint16_t port, std::string_view raw, bool head_only = false);
// GET `path` with "Connection: close".
HttpResponse http_get(std::uint16_t port, std::string_view path);
// A GET for servers other than chatd (nats-server's monitoring JSON), whose bodies need not end
// in a newline: sent as HTTP/1.0, so the server ends the body by closing the connection rather
// than with chunked encoding, and read until then. The body's lines are joined with '\n' (a CR
// before a line end is lost). status 0 for a chunked answer. Throws std::runtime_error when
// nothing accepts on the port.
HttpResponse http_get_until_closed(std::uint16_t port, std::string_view path, int timeout_ms = 5000);

// The [metrics] table for an endpoint on 127.0.0.1:port.
std::string metrics_table(std::uint16_t port);

// Prometheus text: each sample's series (`name{labels}` as written) -> value; comments skipped.
std::map<std::string, double> parse_metrics(std::string_view text);
// GET /metrics, parsed; a failed check (and an empty map) unless it answers 200.
std::map<std::string, double> scrape(std::uint16_t port);
// A series' value in a scrape, or -1 when it is not there.
double value_of(const std::map<std::string, double>& samples, const std::string& series);

}  // namespace chatd::test
