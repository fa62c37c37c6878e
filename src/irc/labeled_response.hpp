// LabeledResponse: the replies to one labeled command (IRCv3 labeled-response), reshaped on
// their way to the client: no reply becomes a labeled ACK, one line gets the label, and more
// go inside a `labeled-response` BATCH whose start carries the label. Lines are streamed: only
// the first is held back, until the second shows whether a batch is needed, so a long reply
// costs no memory here. A line that already belongs to a batch (a chathistory batch inside the
// response, say) keeps its own tag; the start and end of that inner batch join ours.
//
// Thread rules: loop-only, one per session. Pure text in, text out: no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "irc/batch.hpp"

namespace chatd::irc {

// A label a client may send is 1..64 bytes as sent (the spec's limit), and no control
// characters once unescaped. Returns the value to echo (canonically escaped), or nullopt.
std::optional<std::string> canonical_label(std::string_view raw_value);

class LabeledResponse {
 public:
  // Starts capturing the replies to one command. `server` and `ids` must outlive the response.
  void begin(std::string escaped_label, std::string_view server, BatchIds& ids);
  bool active() const noexcept { return state_ != State::kIdle && !paused_; }
  // Lets lines pass untouched until resume(); returns the previous pause state.
  bool pause() noexcept { return std::exchange(paused_, true); }
  void resume(bool was_paused) noexcept { paused_ = was_paused; }

  // REQUIRES: active(). `lines` is one or more complete lines ("...\r\n"); appends to `out`
  // whatever may be sent now.
  void take(std::string_view lines, std::string& out);
  // Ends the response, appending the rest to `out`: the ACK, the held line with its label, or
  // the end of the batch. Nothing when not active.
  void finish(std::string& out);

 private:
  enum class State { kIdle, kEmpty, kHolding, kBatched };
  void take_one(std::string_view line, std::string& out);
  void append_in_batch(std::string_view line, std::string& out);

  State state_ = State::kIdle;
  bool paused_ = false;
  std::string label_tag_;  // "label=<value>"
  std::string held_;
  std::string batch_tag_;  // "batch=<ref>" once the batch is open
  std::string batch_ref_;
  std::string_view server_;
  BatchIds* ids_ = nullptr;
};

}  // namespace chatd::irc
