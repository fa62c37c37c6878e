// libFuzzer: WebSocketTransport's receiving side (wslay's frame decoding and message
// reassembly) over any byte stream after a valid upgrade, fed in reads cut where the first
// byte chooses. It never crashes; no line it hands up passes the message limit (a message is
// one line, or several LF-separated ones that the line reader splits as it does for TCP); the
// server's own frames are whole and unmasked; and the same stream cut differently gives the
// same lines. (Not the same replies: a ping answered in one read is sent before the protocol
// error a later read finds, while wslay drops that pong when both come in one. Nor always the
// same ending: wslay checks a close frame's reason for UTF-8 per read, skipping the first two
// bytes of each read, so a bad reason may end the session at once or only when the close frame
// is complete; no data message can follow a close frame either way.)
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "net/output_queue.hpp"
#include "websocket/websocket_transport.hpp"

namespace {

using chatd::net::Transport;

constexpr std::size_t kMaxMessage = 256;
constexpr std::string_view kUpgrade =
    "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

// Aborts unless `wire` is a sequence of whole, unmasked server frames.
void checked_frames(const std::string& wire) {
  std::size_t at = 0;
  while (at < wire.size()) {
    if (wire.size() - at < 2) std::abort();
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(wire[at + i]); };
    if ((byte(1) & 0x80) != 0) std::abort();  // a server never masks
    std::uint64_t size = byte(1) & 0x7f;
    std::size_t head = 2;
    if (size == 126) {
      size = static_cast<std::uint64_t>(byte(2)) << 8 | byte(3);
      head = 4;
    } else if (size == 127) {
      std::abort();  // control frames and our lines are far shorter
    }
    at += head + size;
  }
  if (at != wire.size()) std::abort();
}

std::string drain(chatd::net::OutputQueue& queue) {
  std::string out;
  iovec iov[chatd::net::OutputQueue::kMaxIov];
  while (int count = queue.gather(iov, chatd::net::OutputQueue::kMaxIov)) {
    std::size_t n = 0;
    for (int i = 0; i < count; ++i) {
      out.append(static_cast<const char*>(iov[i].iov_base), iov[i].iov_len);
      n += iov[i].iov_len;
    }
    queue.consume(n);
  }
  return out;
}

std::string run(std::string_view stream, std::size_t step) {
  chatd::websocket::Settings settings;
  settings.max_message = kMaxMessage;
  chatd::websocket::WebSocketTransport transport(settings, "127.0.0.1");
  chatd::net::OutputQueue replies;
  std::string plain;
  std::string lines;
  Transport::Status status = transport.receive(kUpgrade, plain, replies);
  if (status != Transport::Status::ok || !transport.ready()) std::abort();
  const std::string answer = drain(replies);
  if (!answer.starts_with("HTTP/1.1 101 ")) std::abort();
  std::string wire;
  for (std::size_t at = 0; at < stream.size() && status == Transport::Status::ok; at += step) {
    plain.clear();
    status = transport.receive(stream.substr(at, step), plain, replies);
    lines += plain;
    wire += drain(replies);
  }
  // Each message is one line: no LF inside, none longer than the limit.
  std::size_t start = 0;
  for (std::size_t lf = lines.find('\n'); lf != std::string::npos; lf = lines.find('\n', start)) {
    if (lf - start > kMaxMessage) std::abort();
    start = lf + 1;
  }
  if (start != lines.size()) std::abort();
  transport.goodbye(replies);
  wire += drain(replies);
  checked_frames(wire);
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t step = 1 + data[0] % 32;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (run(stream, step) != run(stream, stream.size() + 1)) std::abort();
  return 0;
}
