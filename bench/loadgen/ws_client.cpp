#include "ws_client.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>

namespace chatd::bench {

namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr std::string_view kSubprotocol = "text.ircv3.net";
constexpr std::size_t kMaxAnswer = 8192;
// Far above any IRC line (8 KiB with tags): a larger frame is a broken stream, not a message.
constexpr std::uint64_t kMaxPayload = 1 << 20;
constexpr std::uint8_t kOpContinuation = 0x0, kOpText = 0x1, kOpBinary = 0x2, kOpClose = 0x8, kOpPing = 0x9,
                       kOpPong = 0xa;

std::string base64(const unsigned char* data, int size) {
  std::string out(static_cast<std::size_t>(4 * ((size + 2) / 3)) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, size);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// The value of header `name` (case-insensitive) in an HTTP head, trimmed; empty if absent.
std::string_view header_value(std::string_view head, std::string_view name) {
  for (auto eol = head.find("\r\n"); eol != std::string_view::npos; eol = head.find("\r\n")) {
    head.remove_prefix(eol + 2);
    const std::string_view line = head.substr(0, head.find("\r\n"));
    if (line.size() <= name.size() || line[name.size()] != ':' ||
        !std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      continue;
    }
    std::string_view value = line.substr(name.size() + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    return value;
  }
  return {};
}

}  // namespace

std::string WsSession::upgrade_request(std::uint16_t port) {
  unsigned char nonce[16];
  for (auto& byte : nonce) byte = static_cast<unsigned char>(random_());
  key_ = base64(nonce, sizeof nonce);
  const std::string host = "127.0.0.1:" + std::to_string(port);
  return "GET / HTTP/1.1\r\nHost: " + host +
         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key_ +
         "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + std::string(kSubprotocol) +
         "\r\nOrigin: http://" + host + "\r\n\r\n";
}

WsSession::Answer WsSession::take_answer(std::string_view bytes, std::string_view& rest, std::string& error) {
  const std::size_t before = partial_.size();
  partial_.append(bytes);
  const std::size_t seen = std::min<std::size_t>(partial_.size(), 5);
  if (partial_.compare(0, seen, "HTTP/", seen) != 0) {
    // Not HTTP at all (an IRC port, say): say what came instead of waiting for a head.
    error = "not a WebSocket port: the server said " + partial_.substr(0, partial_.find_first_of("\r\n"));
    return Answer::refused;
  }
  const auto end = partial_.find("\r\n\r\n");
  if (end == std::string::npos) {
    if (partial_.size() <= kMaxAnswer) return Answer::incomplete;
    error = "the WebSocket upgrade answer has no end";
    return Answer::refused;
  }
  const std::string_view head = std::string_view(partial_).substr(0, end + 2);
  rest = bytes.substr(end + 4 - before);
  if (head.substr(0, head.find("\r\n")).find(" 101 ") == std::string_view::npos) {
    error = "WebSocket upgrade refused: " + std::string(head.substr(0, head.find("\r\n")));
    return Answer::refused;
  }
  const std::string keyed = key_ + std::string(kGuid);
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(keyed.data()), keyed.size(), digest);
  if (header_value(head, "Sec-WebSocket-Accept") != base64(digest, SHA_DIGEST_LENGTH)) {
    error = "WebSocket upgrade: wrong or missing Sec-WebSocket-Accept";
    return Answer::refused;
  }
  // No subprotocol in the answer is text too (servers older than the IRCv3 names, InspIRCd 3.15).
  const std::string_view chosen = header_value(head, "Sec-WebSocket-Protocol");
  if (!chosen.empty() && chosen != kSubprotocol) {
    error = "WebSocket upgrade: subprotocol " + std::string(chosen) + " was not offered";
    return Answer::refused;
  }
  partial_.clear();
  open_ = true;
  return Answer::accepted;
}

void WsSession::append_frame(std::string& out, std::uint8_t opcode, std::string_view payload) {
  out.push_back(static_cast<char>(0x80 | opcode));
  const std::uint64_t size = payload.size();
  if (size < 126) {
    out.push_back(static_cast<char>(0x80 | size));
  } else if (size <= 0xffff) {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>(size >> 8));
    out.push_back(static_cast<char>(size & 0xff));
  } else {
    out.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((size >> shift) & 0xff));
  }
  const std::uint32_t mask = random_();
  const char key[4] = {static_cast<char>(mask >> 24), static_cast<char>(mask >> 16), static_cast<char>(mask >> 8),
                       static_cast<char>(mask)};
  out.append(key, sizeof key);
  const std::size_t start = out.size();
  out.append(payload);
  for (std::size_t i = 0; i < payload.size(); ++i) out[start + i] ^= key[i % 4];
}

void WsSession::frame_lines(std::string& out, std::string_view lines) {
  while (!lines.empty()) {
    const auto lf = lines.find('\n');
    std::string_view line = lines.substr(0, lf);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) append_frame(out, kOpText, line);
    if (lf == std::string_view::npos) break;
    lines.remove_prefix(lf + 1);
  }
}

long WsSession::frame_size(std::string_view data, std::string& error) const {
  if (data.size() < 2) return 0;
  const auto b0 = static_cast<std::uint8_t>(data[0]), b1 = static_cast<std::uint8_t>(data[1]);
  if ((b0 & 0x70) != 0 || (b1 & 0x80) != 0) {
    error = "WebSocket: a server frame with RSV bits or a mask";
    return -1;
  }
  std::uint64_t payload = b1 & 0x7f;
  std::size_t header = 2;
  if (payload >= 126) {
    header = payload == 126 ? 4 : 10;
    if (data.size() < header) return 0;
    payload = 0;
    for (std::size_t i = 2; i < header; ++i) payload = payload << 8 | static_cast<std::uint8_t>(data[i]);
  }
  if (payload > kMaxPayload) {
    error = "WebSocket: a server frame of " + std::to_string(payload) + " bytes";
    return -1;
  }
  return static_cast<long>(header + payload);
}

bool WsSession::read_frames(std::string_view bytes, std::string& lines, std::string& replies, std::string& error) {
  // A frame cut by the previous read is completed first, a header byte or the payload at a time.
  while (!partial_.empty()) {
    const long total = frame_size(partial_, error);
    if (total < 0) return false;
    const auto size = static_cast<std::size_t>(total);
    if (total > 0 && partial_.size() == size) {
      if (!take_frame(partial_, lines, replies, error)) return false;
      partial_.clear();
      break;
    }
    if (bytes.empty()) return true;
    const std::size_t take = std::min(total == 0 ? std::size_t{1} : size - partial_.size(), bytes.size());
    partial_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
  }
  while (!bytes.empty()) {
    const long total = frame_size(bytes, error);
    if (total < 0) return false;
    const auto size = static_cast<std::size_t>(total);
    if (total == 0 || size > bytes.size()) {
      partial_.assign(bytes);
      return true;
    }
    if (!take_frame(bytes.substr(0, size), lines, replies, error)) return false;
    bytes.remove_prefix(size);
  }
  return true;
}

bool WsSession::take_frame(std::string_view frame, std::string& lines, std::string& replies, std::string& error) {
  const auto b0 = static_cast<std::uint8_t>(frame[0]);
  const std::size_t header = (frame[1] & 0x7f) < 126 ? 2 : (frame[1] & 0x7f) == 126 ? 4 : 10;
  const std::string_view payload = frame.substr(header);
  switch (b0 & 0x0f) {
    case kOpContinuation:
    case kOpText:
    case kOpBinary:
      lines.append(payload);
      if (b0 & 0x80) lines.push_back('\n');  // FIN: the message, one IRC line, is whole
      return true;
    case kOpPing:
      append_frame(replies, kOpPong, payload);
      return true;
    case kOpPong:
      return true;
    case kOpClose: {
      const unsigned code = payload.size() >= 2
                                ? static_cast<std::uint8_t>(payload[0]) << 8 | static_cast<std::uint8_t>(payload[1])
                                : 1005;
      error = "the server closed the WebSocket (" + std::to_string(code) +
              (payload.size() > 2 ? " " + std::string(payload.substr(2)) : "") + ")";
      return false;
    }
    default:
      error = "WebSocket: a server frame with opcode " + std::to_string(b0 & 0x0f);
      return false;
  }
}

}  // namespace chatd::bench
