// LoopCounters: the counters of one event-loop thread (a worker, the main loop, the bridge
// thread). Each loop owns one block, on cache lines of its own, and only that loop's thread
// writes it (metrics::Counter: single-writer relaxed stores, no lock prefix); a scrape or
// `chatctl stats` sums every registered block. Nothing is counted per recipient: deliveries
// are added once per fan-out task, the lines and bytes queued per recipient go to plain
// loop-only tallies that the worker publishes once per flush, and the fan-out latency is
// observed at the flush, once per task, weighted by the recipients it flushed.
//
// Code reaches its thread's block through this_loop(): the block bound to the calling thread
// (bind_this_thread), or, on a thread that bound none (unit tests), a private block that
// nobody reads.
//
// Thread rules: construct and destroy on the main thread (it registers in a process-wide
// list under a mutex); the Counter fields are written by the owning thread only and read by
// any; everything marked loop-only is the owning thread's alone.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "event/event_loop.hpp"
#include "metrics/counter.hpp"
#include "metrics/histogram.hpp"
#include "metrics/labels.hpp"

namespace chatd::metrics {

using Clock = std::chrono::steady_clock;

// Every traffic counter, as Counter in a loop's block and as plain sums in LoopTotals. Add a
// field here and to for_each_field below, and it is summed and shown wherever totals are.
template <class T>
struct TrafficFields {
  T lines_in{};                                    // complete lines received from clients
  T bytes_in{};                                    // bytes read from client sockets
  T lines_out{};                                   // lines queued for clients (published once per flush)
  T bytes_out{};                                   // bytes written to client sockets
  T sendq_kills{};                                 // connections closed with "SendQ exceeded"
  T flood_throttles{};                             // times a client ran out of flood tokens and stopped being read
  T excess_floods{};                               // connections closed with "Excess Flood"
  T registrations{};                               // clients that completed registration
  T registration_timeouts{};                       // connections closed with "Registration timeout"
  std::array<T, kCommandSlots> received{};         // IRC commands run, by command table slot
  std::array<T, kRelayCommands.size()> relayed{};  // lines handed to the fan-out, by command
  T deliveries{};                                  // recipients those lines were handed to
  T delivery_bytes{};                              // bytes those deliveries queued
  std::array<T, kClientKinds> clients_opened{};    // accepted clients, by listener kind
  std::array<T, kClientKinds> clients_closed{};
  std::array<T, kRefusalReasons.size()> refusals{};  // connections refused at accept
  std::array<T, kResults.size()> reloads{};          // configuration reloads by result
  std::array<T, kResults.size()> tls_handshakes{};   // TLS handshakes by result
};

// Calls f(a_field, b_field) for each field of two TrafficFields (arrays element by element).
template <class A, class B, class F>
void for_each_field(A& a, B& b, F f) {
  auto each = [&](auto& x, auto& y) {
    if constexpr (requires { x.size(); }) {
      for (std::size_t i = 0; i < x.size(); ++i) f(x[i], y[i]);
    } else {
      f(x, y);
    }
  };
  each(a.lines_in, b.lines_in);
  each(a.bytes_in, b.bytes_in);
  each(a.lines_out, b.lines_out);
  each(a.bytes_out, b.bytes_out);
  each(a.sendq_kills, b.sendq_kills);
  each(a.flood_throttles, b.flood_throttles);
  each(a.excess_floods, b.excess_floods);
  each(a.registrations, b.registrations);
  each(a.registration_timeouts, b.registration_timeouts);
  each(a.received, b.received);
  each(a.relayed, b.relayed);
  each(a.deliveries, b.deliveries);
  each(a.delivery_bytes, b.delivery_bytes);
  each(a.clients_opened, b.clients_opened);
  each(a.clients_closed, b.clients_closed);
  each(a.refusals, b.refusals);
  each(a.reloads, b.reloads);
  each(a.tls_handshakes, b.tls_handshakes);
}

enum class LoopRole { worker, main, bridge };

class alignas(64) LoopCounters : public TrafficFields<Counter> {
 public:
  // Registers the block for totals(). `loop` (may be null) is the loop whose busy time the
  // scrape reports and whose thread the health check asks.
  LoopCounters(LoopRole role, std::size_t index, event::EventLoop* loop);
  ~LoopCounters();
  LoopCounters(const LoopCounters&) = delete;
  LoopCounters& operator=(const LoopCounters&) = delete;

  LoopRole role() const noexcept { return role_; }
  std::size_t index() const noexcept { return index_; }
  event::EventLoop* loop() const noexcept { return loop_; }

  LatencyHistogram latency;  // fan-out latency: a line's arrival to its flush at the recipients

  // --- loop-only ---------------------------------------------------------------------------
  // A line (`lines` IRC lines, `bytes` long) was queued for a client.
  void count_queued(std::size_t lines, std::size_t bytes) noexcept {
    tally_lines_ += lines;
    tally_bytes_ += bytes;
  }
  // All bytes count_queued() has seen on this thread (fan-out measures its own share by it).
  std::uint64_t queued_bytes() const noexcept { return tally_bytes_; }
  // A fan-out task handed a line that arrived at `arrival` to `recipients` endpoints here,
  // which queued `bytes`. Counted on workers only (client connections; bridges count their
  // datagrams), and remembered until the worker's next flush.
  void delivered(Clock::time_point arrival, std::size_t recipients, std::uint64_t bytes) noexcept;
  // The worker flushed its dirty connections at `now`: the lines queued since the last flush
  // are published, and every delivery since then is observed in the latency histogram.
  void flushed(Clock::time_point now) noexcept;
  // Whether flushed() has anything to do.
  bool unflushed() const noexcept { return tally_lines_ != 0 || !pending_.empty(); }
  // When the line being handled on this thread arrived (ArrivalScope), or the epoch when none is.
  Clock::time_point arrival{};

 private:
  struct Pending {
    Clock::time_point arrival;
    std::uint64_t recipients;
  };
  const LoopRole role_;
  const std::size_t index_;
  event::EventLoop* const loop_;
  std::uint64_t tally_lines_ = 0;
  std::uint64_t tally_bytes_ = 0;
  std::vector<Pending> pending_;
};

// Makes `counters` this thread's block (nullptr: none). Call first thing on a loop's thread.
void bind_this_thread(LoopCounters* counters) noexcept;

namespace detail {
extern constinit thread_local LoopCounters* tl_bound;
LoopCounters& unbound() noexcept;
}  // namespace detail

// The calling thread's block. Loop-only by construction: each thread gets its own.
inline LoopCounters& this_loop() noexcept {
  LoopCounters* bound = detail::tl_bound;
  return bound ? *bound : detail::unbound();
}

// Marks the line being handled on this thread as having arrived at `when`, for the fan-outs it
// causes; restores the previous value on exit (lines nest: a line client's line runs commands).
class ArrivalScope {
 public:
  explicit ArrivalScope(Clock::time_point when) noexcept : counters_(this_loop()), saved_(counters_.arrival) {
    counters_.arrival = when;
  }
  ~ArrivalScope() { counters_.arrival = saved_; }
  ArrivalScope(const ArrivalScope&) = delete;
  ArrivalScope& operator=(const ArrivalScope&) = delete;

 private:
  LoopCounters& counters_;
  Clock::time_point saved_;
};

// Every registered loop's counters summed, and their latency histograms merged.
struct LoopTotals : TrafficFields<std::uint64_t> {
  HistogramSnapshot latency;
  // Open clients of a kind. The blocks are read one after the other, so a close may be seen
  // before the accept it follows: never below zero.
  std::uint64_t clients(std::size_t kind) const noexcept {
    return clients_opened[kind] > clients_closed[kind] ? clients_opened[kind] - clients_closed[kind] : 0;
  }
};
// Safe from any thread (takes the list's mutex; never held by a loop's hot path).
LoopTotals totals();
// Calls `fn` for each registered block under the list's mutex. Safe from any thread.
void for_each_loop(const std::function<void(const LoopCounters&)>& fn);

}  // namespace chatd::metrics
