#include "scrape.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "proc_stats.hpp"

namespace chatd::bench {

namespace {

constexpr char kRequest[] = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

// The body's size once `response` holds the whole of it, or nullopt while more is to come.
std::optional<std::size_t> complete_body(const std::string& response) {
  const auto head_end = response.find("\r\n\r\n");
  if (head_end == std::string::npos) return std::nullopt;
  const auto field = response.find("Content-Length: ");
  if (field == std::string::npos || field > head_end) return std::nullopt;
  const std::size_t length = std::strtoull(response.c_str() + field + 16, nullptr, 10);
  const std::size_t have = response.size() - head_end - 4;
  return have >= length ? std::optional<std::size_t>(length) : std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> scrape_once(std::uint16_t port, std::size_t* body_bytes) {
  const std::uint64_t start = monotonic_ns();
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  std::optional<std::size_t> body;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::send(fd, kRequest, sizeof kRequest - 1, MSG_NOSIGNAL) == static_cast<ssize_t>(sizeof kRequest - 1)) {
    char buffer[65536];
    while (!(body = complete_body(response))) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      response.append(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  if (!body || response.rfind("HTTP/1.1 200", 0) != 0) return std::nullopt;
  if (body_bytes) *body_bytes = *body;
  return (monotonic_ns() - start) / 1000;
}

ScrapeTimes scrape_times(std::uint16_t port, std::size_t count) {
  ScrapeTimes times;
  for (std::size_t i = 0; i < count; ++i) {
    if (auto micros = scrape_once(port, &times.bytes)) {
      times.samples.add(*micros);
    } else {
      ++times.failures;
    }
  }
  return times;
}

}  // namespace chatd::bench
