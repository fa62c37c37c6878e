// FloodBucket: one client's allowance of commands and of bytes, as two token buckets. Each
// refills at its rate up to its burst, so a fresh client can paste `line_burst` lines at
// once and then keeps a steady `lines_per_second`. The connection spends a line token per
// command and byte tokens per read; with either bucket empty it stops reading ("fake lag").
// A plain value, loop-only like the connection that owns it.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>

namespace chatd::net {

class FloodBucket {
 public:
  using Clock = std::chrono::steady_clock;

  // Set from config::Limits (server/connection_limits.hpp), where the defaults live.
  struct Rates {
    double lines_per_second = 0;
    double line_burst = 0;
    double bytes_per_second = 0;
    double byte_burst = 0;
  };

  explicit FloodBucket(const Rates& rates, Clock::time_point now = Clock::now()) noexcept
      : rates_(rates), lines_(rates.line_burst), bytes_(rates.byte_burst), last_(now) {}

  // Adds what has accrued since the last refill, capped at the bursts.
  void refill(Clock::time_point now) noexcept {
    const double seconds = std::chrono::duration<double>(now - last_).count();
    if (seconds <= 0) return;
    last_ = now;
    lines_ = std::min(rates_.line_burst, lines_ + seconds * rates_.lines_per_second);
    bytes_ = std::min(rates_.byte_burst, bytes_ + seconds * rates_.bytes_per_second);
  }

  // Spends one command if there is one.
  bool take_line() noexcept {
    if (lines_ < 1) return false;
    lines_ -= 1;
    return true;
  }
  // Spends `lines` more commands for work a command did beyond its own line (a wide WHO). The
  // bucket may go into debt: no further command runs until the refill has paid it back.
  void charge(double lines) noexcept { lines_ -= lines; }

  // Whole bytes that may be read now; a read never takes more, so bytes never go negative.
  std::size_t byte_allowance() const noexcept { return bytes_ < 1 ? 0 : static_cast<std::size_t>(bytes_); }
  void take_bytes(std::size_t n) noexcept { bytes_ = std::max(0.0, bytes_ - static_cast<double>(n)); }

 private:
  Rates rates_;
  double lines_;
  double bytes_;
  Clock::time_point last_;
};

}  // namespace chatd::net
