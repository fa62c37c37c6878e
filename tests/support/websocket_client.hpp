// WebSocketClient: a small RFC 6455 client for the black-box tests of chatd's websocket
// listener. It sends the upgrade request the test describes, then frames (masked unless the
// test says otherwise, fragmented if asked) and reads frames one by one, so a test can check
// opcodes, close codes and payloads exactly. Every wait is bounded. TCP on 127.0.0.1, with
// TLS below for wss.
//
// Use an object from one thread only, like IrcClient.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::test {

struct WsFrame {
  bool fin = true;
  std::uint8_t opcode = 0;  // 1 text, 2 binary, 8 close, 9 ping, 10 pong
  std::string payload;
  // A close frame's status code (0: none given).
  unsigned close_code() const;
};

struct WsUpgrade {
  std::string protocols;      // Sec-WebSocket-Protocol; empty: none offered
  std::string origin;         // Origin; empty: none sent
  std::string host;           // Host; empty: "127.0.0.1:<port>"
  std::string extra_headers;  // more "Name: value\r\n" lines
  bool tls = false;           // wss: TLS first (tls_stream.hpp; the certificate is not verified)
  int receive_buffer = 0;     // SO_RCVBUF before connecting (a slow reader); 0: the default
};

class TlsStream;

class WebSocketClient {
 public:
  // Connects, sends the upgrade and reads the answer's head (status(), header()); throws
  // std::runtime_error when the connection fails.
  explicit WebSocketClient(std::uint16_t port, const WsUpgrade& upgrade = {});
  ~WebSocketClient();
  WebSocketClient(const WebSocketClient&) = delete;
  WebSocketClient& operator=(const WebSocketClient&) = delete;

  int status() const { return status_; }  // 101 when upgraded; 0: no answer
  // The value of the answer's first header called `name` (any case); "" when absent.
  std::string header(std::string_view name) const;

  // One frame; false when the server is gone.
  bool send_frame(std::uint8_t opcode, std::string_view payload, bool fin = true, bool masked = true);
  bool send_text(std::string_view line) { return send_frame(1, line); }
  bool send_raw(std::string_view bytes);

  // The next frame, or nullopt on timeout or EOF.
  std::optional<WsFrame> read_frame(int timeout_ms = 5000);
  // Reads data frames until one's payload contains `needle` and returns that payload; pings are
  // answered; a close or timeout fails the test (listing what arrived) and returns "".
  std::string expect(std::string_view needle, int timeout_ms = 5000,
                     std::source_location where = std::source_location::current());
  // Reads until a close frame and returns its code; fails the test (returns 0) without one.
  unsigned expect_close(int timeout_ms = 5000, std::source_location where = std::source_location::current());
  // NICK and USER, then waits for 001 and the end of the MOTD.
  void register_as(std::string_view nick, std::source_location where = std::source_location::current());
  // True once the server closed the TCP connection (seen by a read).
  bool eof() const { return eof_; }

 private:
  bool fill(int timeout_ms);

  int fd_ = -1;
  int status_ = 0;
  std::vector<std::string> headers_;
  std::string buffer_;
  bool eof_ = false;
  std::unique_ptr<TlsStream> tls_;  // null: plain TCP
};

}  // namespace chatd::test
