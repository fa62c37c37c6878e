#include "websocket/frames.hpp"

#include <array>

namespace chatd::websocket {

void append_frame(std::string& out, std::uint8_t opcode, std::string_view payload) {
  out.push_back(static_cast<char>(0x80 | opcode));  // FIN: chatd never fragments what it sends
  const std::uint64_t size = payload.size();
  if (size < 126) {
    out.push_back(static_cast<char>(size));
  } else if (size <= 0xffff) {
    out.push_back(static_cast<char>(126));
    out.push_back(static_cast<char>(size >> 8));
    out.push_back(static_cast<char>(size & 0xff));
  } else {
    out.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((size >> shift) & 0xff));
  }
  out.append(payload);
}

std::string frame_lines(std::string_view lines, std::uint8_t opcode) {
  std::string out;
  out.reserve(lines.size() + 8);
  while (!lines.empty()) {
    const auto lf = lines.find('\n');
    std::string_view line = lines.substr(0, lf);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) append_frame(out, opcode, line);
    if (lf == std::string_view::npos) break;
    lines.remove_prefix(lf + 1);
  }
  return out;
}

chat::SharedLine frame_shared(const chat::SharedLine& line, std::uint8_t opcode) {
  // A few entries: a fan-out may alternate between the variants of one message (tags, time,
  // account).
  struct Entry {
    chat::SharedLine source;  // held, so its address cannot be reused by another line meanwhile
    std::uint8_t opcode = 0;
    chat::SharedLine framed;
  };
  static thread_local std::array<Entry, 8> cache;
  static thread_local std::size_t next = 0;
  for (const Entry& entry : cache) {
    if (entry.source == line && entry.opcode == opcode) return entry.framed;
  }
  Entry& slot = cache[next++ % cache.size()];
  slot.source = line;
  slot.opcode = opcode;
  slot.framed = chat::make_shared_line(frame_lines(*line, opcode));
  return slot.framed;
}

}  // namespace chatd::websocket
