#include "support/http_client.hpp"

#include <doctest/doctest.h>
#include <strings.h>

#include <sstream>

namespace chatd::test {

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& line : headers) {
    const auto colon = line.find(':');
    if (colon == name.size() && ::strncasecmp(line.data(), name.data(), name.size()) == 0) {
      const auto start = line.find_first_not_of(' ', colon + 1);
      return start == std::string::npos ? std::string() : line.substr(start);
    }
  }
  return {};
}

HttpResponse read_response(IrcClient& client, bool head_only, int timeout_ms) {
  HttpResponse response;
  auto status_line = client.read_line(timeout_ms);
  if (!status_line || status_line->rfind("HTTP/1.1 ", 0) != 0) return response;
  while (auto line = client.read_line(timeout_ms)) {
    if (line->empty()) break;
    response.headers.push_back(*line);
  }
  // 304 Not Modified has no body and needs no length.
  if (status_line->compare(9, 3, "304") == 0) {
    response.status = 304;
    return response;
  }
  std::size_t length = 0;
  try {
    length = std::stoul(response.header("Content-Length"));
  } catch (const std::exception&) {
    return response;  // no length: not an answer chatd gives
  }
  // chatd's bodies are text ending in '\n' without CR: a line at a time adds up to the length.
  while (!head_only && response.body.size() < length) {
    auto line = client.read_line(timeout_ms);
    if (!line) return response;
    response.body += *line + "\n";
  }
  response.status = std::stoi(status_line->substr(9, 3));
  return response;
}

HttpResponse http_exchange(std::uint16_t port, std::string_view raw, bool head_only) {
  IrcClient client(port);
  client.send_raw(raw);
  return read_response(client, head_only);
}

HttpResponse http_get(std::uint16_t port, std::string_view path) {
  return http_exchange(port, "GET " + std::string(path) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
}

HttpResponse http_get_until_closed(std::uint16_t port, std::string_view path, int timeout_ms) {
  IrcClient client(port);
  client.send_raw("GET " + std::string(path) + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
  const std::vector<std::string> lines = client.read_until_closed(timeout_ms);
  HttpResponse response;
  if (lines.empty() || lines[0].rfind("HTTP/1.", 0) != 0 || lines[0].size() < 12) return response;
  std::size_t i = 1;
  for (; i < lines.size() && !lines[i].empty(); ++i) response.headers.push_back(lines[i]);
  if (i == lines.size()) return response;  // closed before the end of the headers
  if (response.header("Transfer-Encoding").find("chunked") != std::string::npos) return response;
  for (++i; i < lines.size(); ++i) {
    response.body += lines[i];
    if (i + 1 < lines.size()) response.body += '\n';
  }
  response.status = std::stoi(lines[0].substr(9, 3));
  return response;
}

std::string metrics_table(std::uint16_t port) {
  return "[metrics]\naddress = \"127.0.0.1:" + std::to_string(port) + "\"\n";
}

std::map<std::string, double> parse_metrics(std::string_view text) {
  std::map<std::string, double> out;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.rfind(' ');
    if (space == std::string::npos) continue;
    const std::string value = line.substr(space + 1);
    out[line.substr(0, space)] = value == "+Inf" ? 1.0 / 0.0 : std::stod(value);
  }
  return out;
}

std::map<std::string, double> scrape(std::uint16_t port) {
  const HttpResponse response = http_get(port, "/metrics");
  CHECK_MESSAGE(response.status == 200, "GET /metrics answered " << response.status);
  return response.status == 200 ? parse_metrics(response.body) : std::map<std::string, double>{};
}

double value_of(const std::map<std::string, double>& samples, const std::string& series) {
  const auto it = samples.find(series);
  return it == samples.end() ? -1 : it->second;
}

}  // namespace chatd::test
