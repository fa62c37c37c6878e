#include "chat/fanout.hpp"

#include "metrics/loop_counters.hpp"
#include "metrics/relay_kind.hpp"

namespace chatd::chat {

namespace {

void deliver_one(Endpoint& endpoint, const SharedLine& line) noexcept { endpoint.deliver(line); }
void deliver_one(Endpoint& endpoint, const SharedVariants& line) noexcept { endpoint.deliver_variant(*line); }

std::string_view text_of(const SharedLine& line) noexcept { return *line; }
std::string_view text_of(const SharedVariants& line) noexcept {
  for (const auto& variant : line->by_kind)
    if (variant) return *variant;
  return {};
}

// Counted on the sender's thread, once per message: its command, and when the line that caused
// it arrived (now, for a message no client line caused: an admin's, a bridge's).
template <class Line>
metrics::Clock::time_point count_relay(const Line& line) noexcept {
  auto& counters = metrics::this_loop();
  counters.relayed[metrics::relay_kind(text_of(line))].add();
  return counters.arrival != metrics::Clock::time_point{} ? counters.arrival : metrics::Clock::now();
}

// Counted on the recipients' thread, once per task: how many got the line and the bytes they
// queued (the loop's queued-byte tally, read before and after, without a counter per recipient).
template <class Line>
void deliver_all(const std::vector<std::shared_ptr<Endpoint>>& members, const Line& line, const Endpoint* skip,
                 metrics::Clock::time_point arrival) noexcept {
  auto& counters = metrics::this_loop();
  const auto queued_before = counters.queued_bytes();
  std::size_t delivered = 0;
  for (const auto& member : members) {
    if (member.get() == skip) continue;
    deliver_one(*member, line);
    ++delivered;
  }
  counters.delivered(arrival, delivered, counters.queued_bytes() - queued_before);
}

// One hand-off per loop that has members, whatever form the line takes.
template <class Line>
void fan_out(const std::vector<event::EventLoop*>& loops, std::shared_ptr<const Audience> audience, Line line,
             const Endpoint* skip) {
  const auto arrival = count_relay(line);
  event::EventLoop* here = event::EventLoop::current();
  for (std::size_t i = 0; i < audience->by_loop.size() && i < loops.size(); ++i) {
    if (audience->by_loop[i].empty()) continue;
    if (loops[i] == here) {
      deliver_all(audience->by_loop[i], line, skip, arrival);
    } else {
      loops[i]->post([audience, line, skip, i, arrival] { deliver_all(audience->by_loop[i], line, skip, arrival); });
    }
  }
}

}  // namespace

void Fanout::to_audience(std::shared_ptr<const Audience> audience, SharedLine line, const Endpoint* skip) const {
  fan_out(loops_, std::move(audience), std::move(line), skip);
}

void Fanout::to_audience(std::shared_ptr<const Audience> audience, SharedVariants line, const Endpoint* skip) const {
  fan_out(loops_, std::move(audience), std::move(line), skip);
}

template <class Line>
void to_one(const Fanout& fanout, std::shared_ptr<Endpoint> endpoint, Line line) {
  const auto arrival = count_relay(line);
  const auto index = endpoint->loop_index();
  fanout.on_loop(index, [endpoint = std::move(endpoint), line = std::move(line), arrival] {
    auto& counters = metrics::this_loop();
    const auto queued_before = counters.queued_bytes();
    deliver_one(*endpoint, line);
    counters.delivered(arrival, 1, counters.queued_bytes() - queued_before);
  });
}

void Fanout::to_endpoint(std::shared_ptr<Endpoint> endpoint, SharedLine line) const {
  to_one(*this, std::move(endpoint), std::move(line));
}

void Fanout::to_endpoint(std::shared_ptr<Endpoint> endpoint, SharedVariants line) const {
  to_one(*this, std::move(endpoint), std::move(line));
}

void Fanout::on_loop(std::size_t index, event::EventLoop::Task task) const {
  if (index >= loops_.size()) return;
  if (loops_[index] == event::EventLoop::current()) {
    task();
  } else {
    loops_[index]->post(std::move(task));
  }
}

}  // namespace chatd::chat
