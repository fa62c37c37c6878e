// Counters: process-wide traffic totals for `chatctl stats`. Like the kernel's interface
// counters they describe the whole process, so there is one instance (counters()), not one
// per object that would have to be found and summed.
//
// Thread rules: safe from any thread. Every update is one relaxed atomic add, made once per
// message or per read/write call, never per recipient: a fan-out adds its audience size once.
#pragma once

#include <atomic>
#include <cstdint>

namespace chatd::stats {

struct Counters {
  std::atomic<std::uint64_t> lines_in{0};      // complete lines received from clients
  std::atomic<std::uint64_t> bytes_in{0};      // bytes read from client sockets
  std::atomic<std::uint64_t> lines_out{0};     // lines queued for clients (added once per flush)
  std::atomic<std::uint64_t> bytes_out{0};     // bytes written to client sockets
  std::atomic<std::uint64_t> messages_out{0};  // lines handed to Fanout (one per message)
  std::atomic<std::uint64_t> deliveries{0};    // recipients those messages went to
  std::atomic<std::uint64_t> sendq_kills{0};   // connections closed with "SendQ exceeded"

  static void add(std::atomic<std::uint64_t>& counter, std::uint64_t n) noexcept {
    counter.fetch_add(n, std::memory_order_relaxed);
  }
};

Counters& counters() noexcept;

}  // namespace chatd::stats
