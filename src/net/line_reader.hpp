// LineReader: splits a byte stream into lines ending in LF (a CR before it is dropped).
// Lines that arrive whole are handed out as views of the caller's buffer, so only a partial
// line at the end of a read is copied. A line longer than max_line is reported once as
// overlong and its bytes are discarded up to the next LF, so memory stays bounded.
// Loop-only, owned by one connection.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace chatd::net {

class LineReader {
 public:
  explicit LineReader(std::size_t max_line) noexcept : max_line_(max_line) {}

  void set_max_line(std::size_t max_line) noexcept { max_line_ = max_line; }

  // Calls on_line(std::string_view) for each complete line (without CR/LF) and
  // on_overlong() for each line over the limit. Either returns false to stop (the
  // connection is closing); feed then returns false too.
  template <class OnLine, class OnOverlong>
  bool feed(std::string_view data, OnLine&& on_line, OnOverlong&& on_overlong) {
    while (!data.empty()) {
      auto lf = data.find('\n');
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
        if (!on_line(strip_cr(piece))) return false;
      } else {
        partial_.append(piece);
        std::string line = std::move(partial_);
        partial_ = std::string();
        if (!on_line(strip_cr(line))) return false;
      }
      data.remove_prefix(lf + 1);
    }
    return true;
  }

  std::size_t buffered() const noexcept { return partial_.size(); }

 private:
  static std::string_view strip_cr(std::string_view line) noexcept {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  }

  std::string partial_;
  std::size_t max_line_;
  bool discarding_ = false;
};

}  // namespace chatd::net
