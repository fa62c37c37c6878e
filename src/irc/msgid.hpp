// MessageIds: the IRCv3 `msgid` of each relayed PRIVMSG, NOTICE and TAGMSG. An id is 24
// characters of lower-case Crockford base32, whose alphabet is in ASCII order, so ids sort
// (as strings) by the millisecond they were made in:
//
//   10 chars  milliseconds since the Unix epoch (50 bits: good until the year 37000)
//    8 chars  40 random bits drawn once per process (getrandom), so two runs never share ids
//    6 chars  a per-process counter (30 bits, wrapping), so one millisecond holds 2^30 ids
//
// Unique across restarts and across servers (a cluster: each process draws its own 40 bits),
// and cheap: no system call per id, one relaxed atomic add and 24 table look-ups. The later
// history store keys CHATHISTORY on it, so the format is part of the protocol notes.
//
// Thread rules: next() is safe from any thread.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace chatd::irc {

// One id, held without an allocation (it is made for every message).
struct MessageId {
  std::array<char, 24> chars;
  std::string_view view() const noexcept { return {chars.data(), chars.size()}; }
  std::string str() const { return std::string(view()); }
};

class MessageIds {
 public:
  static constexpr std::size_t kLength = 24;

  MessageIds();  // draws the process part
  // For tests: a fixed process part.
  explicit MessageIds(std::uint64_t process_bits) noexcept : process_(process_bits) {}

  MessageId next(std::chrono::system_clock::time_point now) noexcept;

 private:
  std::uint64_t process_;
  std::atomic<std::uint32_t> counter_{0};
};

}  // namespace chatd::irc
