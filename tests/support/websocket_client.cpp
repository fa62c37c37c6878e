#include "support/websocket_client.hpp"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <stdexcept>

#include "support/tls_stream.hpp"

namespace chatd::test {
namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace

unsigned WsFrame::close_code() const {
  if (payload.size() < 2) return 0;
  return static_cast<unsigned>(static_cast<unsigned char>(payload[0])) << 8 | static_cast<unsigned char>(payload[1]);
}

WebSocketClient::WebSocketClient(std::uint16_t port, const WsUpgrade& upgrade) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ >= 0 && upgrade.receive_buffer > 0) {
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &upgrade.receive_buffer, sizeof upgrade.receive_buffer);
  }
  if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    if (fd_ >= 0) ::close(fd_);
    throw std::runtime_error("WebSocketClient: cannot connect");
  }
  // Non-blocking, as TlsStream wants it; every wait is a poll.
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
  if (upgrade.tls) tls_ = std::make_unique<TlsStream>(fd_, TlsOptions{});
  std::string request =
      "GET / HTTP/1.1\r\nHost: " + (upgrade.host.empty() ? "127.0.0.1:" + std::to_string(port) : upgrade.host) +
      "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
  if (!upgrade.protocols.empty()) request += "Sec-WebSocket-Protocol: " + upgrade.protocols + "\r\n";
  if (!upgrade.origin.empty()) request += "Origin: " + upgrade.origin + "\r\n";
  request += upgrade.extra_headers + "\r\n";
  send_raw(request);
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  std::size_t end = std::string::npos;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos && fill(remaining_ms(deadline))) {
  }
  if (end == std::string::npos) return;
  const std::string head = buffer_.substr(0, end);
  buffer_.erase(0, end + 4);
  std::size_t at = head.find("\r\n");
  const std::string status_line = head.substr(0, at);
  if (status_line.size() >= 12) status_ = std::stoi(status_line.substr(9, 3));
  while (at != std::string::npos) {
    const std::size_t next = head.find("\r\n", at + 2);
    headers_.push_back(head.substr(at + 2, next == std::string::npos ? std::string::npos : next - at - 2));
    at = next;
  }
}

WebSocketClient::~WebSocketClient() {
  if (fd_ >= 0) ::close(fd_);
}

std::string WebSocketClient::header(std::string_view name) const {
  for (const std::string& h : headers_) {
    const auto colon = h.find(':');
    if (colon != std::string::npos && iequals(std::string_view(h).substr(0, colon), name)) {
      std::string value = h.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      return value;
    }
  }
  return {};
}

bool WebSocketClient::send_raw(std::string_view bytes) {
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (!bytes.empty()) {
    const ssize_t n =
        tls_ ? tls_->write(bytes.data(), bytes.size()) : ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0 || errno != EAGAIN) return false;
    pollfd p{fd_, static_cast<short>(tls_ && !tls_->wants_write() ? POLLIN : POLLOUT), 0};
    if (::poll(&p, 1, remaining_ms(deadline)) <= 0) return false;
  }
  return true;
}

bool WebSocketClient::send_frame(std::uint8_t opcode, std::string_view payload, bool fin, bool masked) {
  std::string frame;
  frame.push_back(static_cast<char>((fin ? 0x80 : 0) | opcode));
  const char mask_bit = masked ? static_cast<char>(0x80) : 0;
  const std::uint64_t size = payload.size();
  if (size < 126) {
    frame.push_back(static_cast<char>(mask_bit | static_cast<char>(size)));
  } else if (size <= 0xffff) {
    frame.push_back(static_cast<char>(mask_bit | 126));
    frame.push_back(static_cast<char>(size >> 8));
    frame.push_back(static_cast<char>(size & 0xff));
  } else {
    frame.push_back(static_cast<char>(mask_bit | 127));
    for (int shift = 56; shift >= 0; shift -= 8) frame.push_back(static_cast<char>((size >> shift) & 0xff));
  }
  const char key[4] = {0x12, 0x34, 0x56, 0x78};
  if (masked) frame.append(key, 4);
  for (std::size_t i = 0; i < payload.size(); ++i) frame.push_back(masked ? payload[i] ^ key[i % 4] : payload[i]);
  return send_raw(frame);
}

bool WebSocketClient::fill(int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!eof_) {
    char chunk[65536];
    const ssize_t n = tls_ ? tls_->read(chunk, sizeof chunk) : ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
    if (n == 0 || errno != EAGAIN) {
      eof_ = true;
      return false;
    }
    pollfd p{fd_, static_cast<short>(tls_ && tls_->wants_write() ? POLLOUT : POLLIN), 0};
    if (::poll(&p, 1, remaining_ms(deadline)) <= 0) return false;
  }
  return false;
}

std::optional<WsFrame> WebSocketClient::read_frame(int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    if (buffer_.size() >= 2) {
      const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(buffer_[i]); };
      std::uint64_t size = byte(1) & 0x7f;
      std::size_t head = 2;
      if (size == 126 && buffer_.size() >= 4) {
        size = static_cast<std::uint64_t>(byte(2)) << 8 | byte(3);
        head = 4;
      } else if (size == 127 && buffer_.size() >= 10) {
        size = 0;
        for (std::size_t i = 2; i < 10; ++i) size = size << 8 | byte(i);
        head = 10;
      }
      if ((byte(1) & 0x7f) < 126 || head > 2) {
        if ((byte(1) & 0x80) != 0) head += 4;  // a masked server frame: kept as sent, the test checks
        if (buffer_.size() >= head + size) {
          WsFrame frame;
          frame.fin = (byte(0) & 0x80) != 0;
          frame.opcode = byte(0) & 0x0f;
          frame.payload = buffer_.substr(head, static_cast<std::size_t>(size));
          buffer_.erase(0, head + static_cast<std::size_t>(size));
          return frame;
        }
      }
    }
    if (!fill(remaining_ms(deadline))) return std::nullopt;
  }
}

std::string WebSocketClient::expect(std::string_view needle, int timeout_ms, std::source_location where) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string seen;
  while (auto frame = read_frame(remaining_ms(deadline))) {
    if (frame->opcode == 9) {
      send_frame(10, frame->payload);
      continue;
    }
    if (frame->opcode == 8) {
      seen += "[close " + std::to_string(frame->close_code()) + "]\n";
      break;
    }
    if (frame->payload.find(needle) != std::string::npos) return frame->payload;
    seen += frame->payload + "\n";
  }
  ADD_FAIL_CHECK_AT(where.file_name(), static_cast<int>(where.line()),
                    "no WebSocket message containing \"" << needle << "\"; received:\n"
                                                         << seen);
  return {};
}

unsigned WebSocketClient::expect_close(int timeout_ms, std::source_location where) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string seen;
  while (auto frame = read_frame(remaining_ms(deadline))) {
    if (frame->opcode == 8) return frame->close_code() == 0 ? 1005 : frame->close_code();
    seen += frame->payload + "\n";
  }
  ADD_FAIL_CHECK_AT(where.file_name(), static_cast<int>(where.line()), "no close frame; received:\n" << seen);
  return 0;
}

void WebSocketClient::register_as(std::string_view nick, std::source_location where) {
  send_text("NICK " + std::string(nick));
  send_text("USER " + std::string(nick) + " 0 * :WebSocket user");
  expect(" 001 ", 5000, where);
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (auto frame = read_frame(remaining_ms(deadline))) {
    if (frame->payload.find(" 376 ") != std::string::npos || frame->payload.find(" 422 ") != std::string::npos) return;
  }
  ADD_FAIL_CHECK_AT(where.file_name(), static_cast<int>(where.line()), "no end of MOTD");
}

}  // namespace chatd::test
