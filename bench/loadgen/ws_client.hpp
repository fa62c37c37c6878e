// The load generator's WebSocket client side (RFC 6455, IRCv3 subprotocol text.ircv3.net): the
// upgrade request and the check of its answer, masked frames for what a client sends (one IRC
// line per message, no CR LF) and a reader that turns the server's frames back into IRC lines.
// It sits between the Fleet's byte stream (plain or TLS) and its line handling, so a
// WebSocket client is the same Fleet client with frames around its lines.
//
// Thread rules: single-threaded, like the Fleet; one WsSession per connection.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace chatd::bench {

class WsSession {
 public:
  enum class Answer { incomplete, accepted, refused };

  // The GET of an upgrade to ws://127.0.0.1:<port>/ with a fresh random Sec-WebSocket-Key, an
  // Origin of the same host (chatd's default lets a page of its own origin in; InspIRCd wants
  // an Origin on its <wsorigin> list) and the subprotocol text.ircv3.net.
  std::string upgrade_request(std::uint16_t port);

  // Reads the server's answer from `bytes`; once it is complete, says whether it is a 101 with
  // the right Sec-WebSocket-Accept (`error` says what is wrong if not) and leaves in `rest`
  // what followed it (already frames).
  Answer take_answer(std::string_view bytes, std::string_view& rest, std::string& error);

  // Each CR LF (or LF) terminated line of `lines` as one masked text frame, appended to `out`.
  void frame_lines(std::string& out, std::string_view lines);

  // Decodes the server's frames in `bytes`: each text or binary message, LF-terminated, to
  // `lines`; a pong for each ping, masked, to `replies`. A partial frame is kept for the next
  // call. False when the server closed the WebSocket or broke the protocol (`error` says how).
  bool read_frames(std::string_view bytes, std::string& lines, std::string& replies, std::string& error);

  bool open() const noexcept { return open_; }

 private:
  void append_frame(std::string& out, std::uint8_t opcode, std::string_view payload);
  // One complete frame at the front of `data`: its size, 0 if incomplete, or -1 if invalid.
  long frame_size(std::string_view data, std::string& error) const;
  bool take_frame(std::string_view frame, std::string& lines, std::string& replies, std::string& error);

  std::mt19937 random_{std::random_device{}()};
  std::string key_;      // the Sec-WebSocket-Key sent
  std::string partial_;  // the answer's head, then a frame, cut by a read
  bool open_ = false;
};

}  // namespace chatd::bench
