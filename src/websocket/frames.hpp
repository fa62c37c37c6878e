// Outgoing WebSocket frames as the server writes them (unmasked, one final frame per IRC line,
// CR LF removed), and the per-thread cache that frames a shared line once for every
// recipient on the loop: fan-out hands the same SharedLine to each client in turn, so the
// framed copy is made once per line, worker and opcode, and shared like the line itself.
//
// Thread rules: pure functions; frame_shared()'s cache is per thread (loop-only by use).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chat/endpoint.hpp"

namespace chatd::websocket {

inline constexpr std::uint8_t kOpText = 0x1;
inline constexpr std::uint8_t kOpBinary = 0x2;

// Appends one final, unmasked frame holding `payload` to `out`.
void append_frame(std::string& out, std::uint8_t opcode, std::string_view payload);

// Each CR LF (or LF) terminated IRC line of `lines` as one frame; a last unterminated piece too.
std::string frame_lines(std::string_view lines, std::uint8_t opcode);

// frame_lines() of a shared line, cached per thread for the lines queued most recently.
chat::SharedLine frame_shared(const chat::SharedLine& line, std::uint8_t opcode);

}  // namespace chatd::websocket
