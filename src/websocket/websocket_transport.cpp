#include "websocket/websocket_transport.hpp"

#include <algorithm>
#include <cstring>

#include "http/static_files.hpp"
#include "net/admission.hpp"
#include "sys/fatal.hpp"
#include "websocket/frames.hpp"

namespace chatd::websocket {
namespace {

WebSocketTransport& owner(void* user_data) noexcept { return *static_cast<WebSocketTransport*>(user_data); }

ssize_t on_recv(wslay_event_context_ptr ctx, std::uint8_t* buf, std::size_t len, int, void* user_data) noexcept {
  const std::size_t n = owner(user_data).take_input(buf, len);
  if (n == 0) {
    wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
    return -1;
  }
  return static_cast<ssize_t>(n);
}

ssize_t on_send(wslay_event_context_ptr, const std::uint8_t* data, std::size_t len, int, void* user_data) noexcept {
  owner(user_data).append_reply(data, len);
  return static_cast<ssize_t>(len);
}

void on_message(wslay_event_context_ptr, const wslay_event_on_msg_recv_arg* arg, void* user_data) noexcept {
  owner(user_data).take_message(*arg);
}

constexpr wslay_event_callbacks kCallbacks = {on_recv, on_send, nullptr, nullptr, nullptr, nullptr, on_message};

// A shared empty line: what frame() makes of output that has no place on the wire (an IRC
// line on a connection that is still HTTP, or after the close frame).
const chat::SharedLine& nothing() {
  static const chat::SharedLine empty = chat::make_shared_line({});
  return empty;
}

}  // namespace

WebSocketTransport::WebSocketTransport(Settings settings, std::string peer_host)
    : settings_(std::move(settings)), client_host_(std::move(peer_host)) {}

WebSocketTransport::~WebSocketTransport() {
  if (ctx_) wslay_event_context_free(ctx_);
}

std::size_t WebSocketTransport::take_input(std::uint8_t* out, std::size_t max) noexcept {
  const std::size_t n = std::min(max, input_.size());
  std::memcpy(out, input_.data(), n);
  input_.remove_prefix(n);
  return n;
}

void WebSocketTransport::append_reply(const std::uint8_t* data, std::size_t size) noexcept {
  control_.append(reinterpret_cast<const char*>(data), size);
}

void WebSocketTransport::take_message(const wslay_event_on_msg_recv_arg& message) noexcept {
  if (message.opcode != WSLAY_TEXT_FRAME && message.opcode != WSLAY_BINARY_FRAME) return;
  std::string_view text(reinterpret_cast<const char*>(message.msg), message.msg_length);
  // One IRC line per message; a client that still ends it with CR LF is forgiven.
  if (text.ends_with("\r\n")) {
    text.remove_suffix(2);
  } else if (text.ends_with('\n')) {
    text.remove_suffix(1);
  }
  plain_->append(text);
  plain_->push_back('\n');
}

void WebSocketTransport::flush_control(net::OutputQueue& replies) noexcept {
  control_.clear();
  wslay_event_send(ctx_);
  if (!control_.empty()) replies.push(chat::make_shared_line(std::move(control_)));
  control_.clear();
}

net::Transport::Status WebSocketTransport::receive(std::string_view bytes, std::string& plain,
                                                   net::OutputQueue& replies) noexcept {
  switch (phase_) {
    case Phase::http:
      return receive_http(bytes, plain, replies);
    case Phase::open:
      return receive_frames(bytes, plain, replies);
    case Phase::closed:
      break;
  }
  return Status::closed;
}

net::Transport::Status WebSocketTransport::receive_http(std::string_view bytes, std::string& plain,
                                                        net::OutputQueue& replies) noexcept {
  const std::size_t used = parser_.feed(bytes);
  if (parser_.status() == http::RequestParser::Status::incomplete) return Status::ok;
  if (parser_.status() == http::RequestParser::Status::failed) {
    http::Response response = http::text_response(parser_.error_status(), parser_.error());
    response.close = true;
    replies.push(chat::make_shared_line(http::serialize(response, false)));
    phase_ = Phase::closed;
    return Status::answered;
  }
  const http::Request& request = parser_.request();
  if (!wants_websocket(request)) {
    const http::Response response = request.path() == kClientDefaultsPath && !settings_.web_root.empty()
                                        ? client_defaults_response(request, settings_.client)
                                        : http::serve_static(request, settings_.web_root);
    replies.push(chat::make_shared_line(http::serialize(response, request.method == "HEAD")));
    phase_ = Phase::closed;
    return Status::answered;
  }
  Upgrade upgrade = accept_upgrade(request, settings_, client_host_);
  if (!upgrade.accepted) {
    replies.push(chat::make_shared_line(http::serialize(upgrade.refusal, false)));
    phase_ = Phase::closed;
    return Status::answered;
  }
  if (upgrade.client_host != client_host_ && settings_.admit_forwarded) {
    forwarded_slot_ = settings_.admit_forwarded(upgrade.client_host);
    if (!forwarded_slot_) {
      http::Response response = http::text_response(503, net::refusal_reason(net::Admission::Verdict::address_full));
      response.close = true;
      replies.push(chat::make_shared_line(http::serialize(response, false)));
      phase_ = Phase::closed;
      return Status::answered;
    }
  }
  // Its only failure is allocation, which chatd does not survive (doc/HACKING.md).
  if (wslay_event_context_server_init(&ctx_, &kCallbacks, this) != 0) sys::die("out of memory (wslay context)");
  wslay_event_config_set_max_recv_msg_length(ctx_, settings_.max_message);
  replies.push(chat::make_shared_line(std::move(upgrade.answer)));
  subprotocol_ = upgrade.subprotocol;
  client_host_ = std::move(upgrade.client_host);
  phase_ = Phase::open;
  upgraded_ = true;
  // What followed the request in the same read is already WebSocket.
  if (used < bytes.size()) return receive_frames(bytes.substr(used), plain, replies);
  return Status::ok;
}

net::Transport::Status WebSocketTransport::receive_frames(std::string_view bytes, std::string& plain,
                                                          net::OutputQueue& replies) noexcept {
  input_ = bytes;
  plain_ = &plain;
  const int result = wslay_event_recv(ctx_);
  input_ = {};
  plain_ = nullptr;
  flush_control(replies);
  if (result != 0) {
    if (result == WSLAY_ERR_NOMEM) sys::die("out of memory (wslay)");
    error_ = "WebSocket error";
    phase_ = Phase::closed;
    return Status::failed;
  }
  if (wslay_event_get_read_enabled(ctx_)) return Status::ok;
  // wslay stopped reading: the client closed, or broke the protocol and was sent a close frame
  // saying how (1002, 1007, 1009). Either way the session is over; frame() sends nothing more.
  phase_ = Phase::closed;
  if (wslay_event_get_close_received(ctx_)) return Status::closed;
  error_ = "WebSocket error " + std::to_string(wslay_event_get_status_code_sent(ctx_));
  switch (wslay_event_get_status_code_sent(ctx_)) {
    case WSLAY_CODE_INVALID_FRAME_PAYLOAD_DATA:
      error_ += " (invalid UTF-8)";
      break;
    case WSLAY_CODE_MESSAGE_TOO_BIG:
      error_ += " (message too long)";
      break;
    default:
      error_ += " (protocol error)";
      break;
  }
  return Status::failed;
}

chat::SharedLine WebSocketTransport::frame(const chat::SharedLine& line) noexcept {
  if (phase_ != Phase::open) return nothing();
  return frame_shared(line, subprotocol_ == Subprotocol::binary ? kOpBinary : kOpText);
}

void WebSocketTransport::goodbye(net::OutputQueue& lines) noexcept {
  if (phase_ == Phase::http) {
    // Closed before a whole request came (the idle timeout, a shutdown): say so.
    http::Response response = http::text_response(408);
    response.close = true;
    lines.push(chat::make_shared_line(http::serialize(response, false)));
    phase_ = Phase::closed;
    return;
  }
  if (phase_ != Phase::open) return;
  phase_ = Phase::closed;
  // The server ends the session (QUIT, a kill, shutdown): the ERROR line queued before this
  // says why, so the close frame carries only 1000.
  wslay_event_queue_close(ctx_, WSLAY_CODE_NORMAL_CLOSURE, nullptr, 0);
  flush_control(lines);
}

}  // namespace chatd::websocket
