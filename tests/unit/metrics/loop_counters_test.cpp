#include "metrics/loop_counters.hpp"

#include <doctest/doctest.h>

#include <thread>

#include "metrics/client_ticket.hpp"

using namespace std::chrono_literals;
using chatd::metrics::Clock;
using chatd::metrics::LoopCounters;
using chatd::metrics::LoopRole;
using chatd::metrics::totals;

namespace {
// Binds `counters` to the test thread for the scope.
struct Bound {
  explicit Bound(LoopCounters& counters) { chatd::metrics::bind_this_thread(&counters); }
  ~Bound() { chatd::metrics::bind_this_thread(nullptr); }
};
}  // namespace

TEST_CASE("metrics::LoopCounters: deliveries are observed at the flush, weighted, and counted once") {
  chatd::event::EventLoop loop;
  LoopCounters worker(LoopRole::worker, 7, &loop);
  Bound bound(worker);
  const auto before = totals();
  const auto t0 = Clock::now();
  auto& here = chatd::metrics::this_loop();
  REQUIRE(&here == &worker);
  here.count_queued(1, 100);
  here.count_queued(2, 50);
  CHECK(here.queued_bytes() == 150);
  here.delivered(t0, 3, 90);
  here.delivered(t0, 2, 60);  // same arrival: merged with the one before
  here.delivered(t0 + 1ms, 4, 0);
  here.delivered(t0, 0, 0);  // nobody: nothing to count
  CHECK(here.unflushed());
  const auto mid = totals();
  CHECK(mid.deliveries - before.deliveries == 9);
  CHECK(mid.delivery_bytes - before.delivery_bytes == 150);
  CHECK(mid.latency.count == before.latency.count);  // not flushed yet
  CHECK(mid.lines_out == before.lines_out);
  here.flushed(t0 + 3ms);
  CHECK_FALSE(here.unflushed());
  const auto after = totals();
  CHECK(after.latency.count - before.latency.count == 9);
  CHECK(after.latency.sum_seconds - before.latency.sum_seconds == doctest::Approx(5 * 0.003 + 4 * 0.002));
  CHECK(after.lines_out - before.lines_out == 3);
}

TEST_CASE("metrics::LoopCounters: only workers count deliveries; unbound threads count privately") {
  chatd::event::EventLoop loop;
  LoopCounters bridge(LoopRole::bridge, 9, &loop);
  const auto before = totals();
  {
    Bound bound(bridge);
    chatd::metrics::this_loop().delivered(Clock::now(), 5, 10);
    chatd::metrics::this_loop().relayed[0].add();
  }
  std::thread([] { chatd::metrics::this_loop().relayed[0].add(100); }).join();
  const auto after = totals();
  CHECK(after.deliveries == before.deliveries);
  CHECK(after.relayed[0] - before.relayed[0] == 1);
}

TEST_CASE("metrics::client_ticket: open from the accept until the last copy is dropped") {
  chatd::event::EventLoop loop;
  LoopCounters main(LoopRole::main, 0, &loop);
  LoopCounters worker(LoopRole::worker, 8, &loop);
  const std::size_t kind = chatd::metrics::client_kind("line", false);
  const auto before = totals();
  auto inner = std::make_shared<int>(1);
  std::shared_ptr<const void> ticket;
  {
    Bound bound(main);
    ticket = chatd::metrics::client_ticket(kind, inner);
  }
  CHECK(inner.use_count() == 2);
  CHECK(totals().clients(kind) == before.clients(kind) + 1);
  {
    Bound bound(worker);
    ticket.reset();
  }
  CHECK(inner.use_count() == 1);
  CHECK(totals().clients(kind) == before.clients(kind));
  CHECK(worker.clients_closed[kind].value() == 1);
  CHECK(main.clients_opened[kind].value() == 1);
}
