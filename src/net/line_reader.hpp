// LineReader: splits a byte stream into lines ending in LF, CR LF or a bare CR. A bare CR
// ends a line too, so no line handed out ever holds a CR: relayed text cannot smuggle one
// to other clients (some of which treat CR alone as a line end).
// Lines that arrive whole are handed out as views of the caller's buffer, so only a partial
// line at the end of a read is copied. A line longer than max_line is reported once as
// overlong and its bytes are discarded up to the next LF, so memory stays bounded.
// A client that never ends its lines (the lab's client sends each message bare) can still be
// served: take_partial() ends the pending line where the stream paused.
// Loop-only, owned by one connection.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace chatd::net {

class LineReader {
 public:
  explicit LineReader(std::size_t max_line) noexcept : max_line_(max_line) {}

  // Calls on_line(std::string_view) for each complete line (without CR/LF) and
  // on_overlong() for each line over the limit. Either returns false to stop (the
  // connection is closing); feed then returns false too.
  template <class OnLine, class OnOverlong>
  bool feed(std::string_view data, OnLine&& on_line, OnOverlong&& on_overlong) {
    // The LF of a CR LF split across two reads belongs to the line already handed out.
    if (data.empty()) return true;
    if (after_cr_ && data.front() == '\n') data.remove_prefix(1);
    after_cr_ = false;
    while (!data.empty()) {
      auto lf = data.find_first_of(std::string_view("\r\n", 2));
      std::string_view piece = data.substr(0, lf);
      if (discarding_) {
        if (lf == std::string_view::npos) return true;
        discarding_ = false;
      } else if (partial_.size() + piece.size() > max_line_) {
        partial_.clear();
        partial_.shrink_to_fit();
        discarding_ = lf == std::string_view::npos;
        if (!on_overlong()) return false;
        if (discarding_) return true;
      } else if (lf == std::string_view::npos) {
        partial_.append(piece);
        return true;
      } else if (partial_.empty()) {
        if (!on_line(piece)) return false;
      } else {
        partial_.append(piece);
        std::string line = std::move(partial_);
        partial_ = std::string();
        if (!on_line(std::string_view(line))) return false;
      }
      std::size_t next = lf + 1;
      if (data[lf] == '\r') {
        if (next == data.size()) {
          after_cr_ = true;
        } else if (data[next] == '\n') {
          ++next;
        }
      }
      data.remove_prefix(next);
    }
    return true;
  }

  std::size_t buffered() const noexcept { return partial_.size(); }
  // Whether bytes of an unfinished line are pending: buffered, or being discarded as overlong.
  bool mid_line() const noexcept { return !partial_.empty() || discarding_; }

  // Ends the pending line here, as if a line end had arrived, and returns it (empty when it
  // was overlong, having been reported already). The next byte starts a new line; an LF right
  // after a CR that ended the previous line still belongs to that line.
  std::string take_partial() noexcept {
    discarding_ = false;
    std::string line = std::move(partial_);
    partial_ = std::string();
    return line;
  }

 private:
  std::string partial_;
  std::size_t max_line_;
  bool discarding_ = false;
  bool after_cr_ = false;  // the last byte fed was a CR that ended a line
};

}  // namespace chatd::net
