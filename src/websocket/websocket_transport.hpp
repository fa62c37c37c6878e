// WebSocketTransport: a websocket listener's framing net::Transport. It starts as HTTP: the
// first request, parsed by http::RequestParser, is either a WebSocket upgrade (answered 101,
// after which IRC runs over the IRCv3 subprotocol it chose) or a plain GET/HEAD for the web
// client's files (answered from web_root, after which the connection ends).
//
//   receive(bytes) -> [HTTP request -> 101 | static answer] -> wslay -> one IRC line per message
//   frame(line)    -> one unmasked frame per IRC line (frames.hpp: built once per worker)
//
// Received frames go through libwslay's event API, which validates them (client frames
// masked, RSV bits, control frames, UTF-8 of text messages -> 1007, size -> 1009),
// reassembles fragments and answers ping and close itself; its "socket" callbacks read the
// bytes of the current receive() and append its control frames to the connection's queue.
// Outgoing data frames do not go through wslay: it would copy each line into a message queue
// per connection, where the seam shares one framed copy among all recipients.
//
// Thread rules: owned by one connection, loop-only.
#pragma once

#include <wslay/wslay.h>

#include <memory>
#include <string>
#include <string_view>

#include "http/request_parser.hpp"
#include "net/transport.hpp"
#include "websocket/handshake.hpp"

namespace chatd::websocket {

class WebSocketTransport final : public net::Transport {
 public:
  // `peer_host`: the socket's peer, for X-Forwarded-For.
  WebSocketTransport(Settings settings, std::string peer_host);
  ~WebSocketTransport() override;
  WebSocketTransport(const WebSocketTransport&) = delete;
  WebSocketTransport& operator=(const WebSocketTransport&) = delete;

  Status receive(std::string_view bytes, std::string& plain, net::OutputQueue& replies) noexcept override;
  chat::SharedLine frame(const chat::SharedLine& line) noexcept override;
  void goodbye(net::OutputQueue& lines) noexcept override;
  std::string_view error() const noexcept override { return error_; }
  bool ready() const noexcept override { return upgraded_; }
  std::string peer_host() const override { return client_host_; }

  Subprotocol subprotocol() const noexcept { return subprotocol_; }

  // wslay's side (websocket_transport.cpp).
  std::size_t take_input(std::uint8_t* out, std::size_t max) noexcept;
  void append_reply(const std::uint8_t* data, std::size_t size) noexcept;
  void take_message(const wslay_event_on_msg_recv_arg& message) noexcept;

 private:
  enum class Phase { http, open, closed };

  Status receive_http(std::string_view bytes, std::string& plain, net::OutputQueue& replies) noexcept;
  Status receive_frames(std::string_view bytes, std::string& plain, net::OutputQueue& replies) noexcept;
  // Sends what wslay queued (pongs, a close) into `replies`.
  void flush_control(net::OutputQueue& replies) noexcept;

  Settings settings_;
  std::string client_host_;
  std::shared_ptr<const void> forwarded_slot_;  // the forwarded address's max_per_ip slot
  http::RequestParser parser_;
  Phase phase_ = Phase::http;
  bool upgraded_ = false;
  Subprotocol subprotocol_ = Subprotocol::none;
  wslay_event_context_ptr ctx_ = nullptr;
  std::string_view input_;        // bytes of the current receive() wslay has not read yet
  std::string* plain_ = nullptr;  // where take_message() puts lines during receive()
  std::string control_;           // control frames wslay wrote during one call
  std::string error_ = "WebSocket error";
};

}  // namespace chatd::websocket
