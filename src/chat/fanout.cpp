#include "chat/fanout.hpp"

#include "stats/counters.hpp"

namespace chatd::chat {

namespace {

void deliver_one(Endpoint& endpoint, const SharedLine& line) noexcept { endpoint.deliver(line); }
void deliver_one(Endpoint& endpoint, const SharedVariants& line) noexcept { endpoint.deliver_variant(*line); }

template <class Line>
void deliver_all(const std::vector<std::shared_ptr<Endpoint>>& members, const Line& line,
                 const Endpoint* skip) noexcept {
  for (const auto& member : members) {
    if (member.get() != skip) deliver_one(*member, line);
  }
}

// One hand-off per loop that has members, whatever form the line takes.
template <class Line>
void fan_out(const std::vector<event::EventLoop*>& loops, std::shared_ptr<const Audience> audience, Line line,
             const Endpoint* skip) {
  // Counted per message, not per recipient, to keep the hot loop free of shared writes.
  auto& counters = stats::counters();
  stats::Counters::add(counters.messages_out, 1);
  stats::Counters::add(counters.deliveries, audience->size);
  event::EventLoop* here = event::EventLoop::current();
  for (std::size_t i = 0; i < audience->by_loop.size() && i < loops.size(); ++i) {
    if (audience->by_loop[i].empty()) continue;
    if (loops[i] == here) {
      deliver_all(audience->by_loop[i], line, skip);
    } else {
      loops[i]->post([audience, line, skip, i] { deliver_all(audience->by_loop[i], line, skip); });
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

void Fanout::to_endpoint(std::shared_ptr<Endpoint> endpoint, SharedLine line) const {
  stats::Counters::add(stats::counters().messages_out, 1);
  stats::Counters::add(stats::counters().deliveries, 1);
  auto index = endpoint->loop_index();
  on_loop(index, [endpoint = std::move(endpoint), line = std::move(line)] { endpoint->deliver(line); });
}

void Fanout::to_endpoint(std::shared_ptr<Endpoint> endpoint, SharedVariants line) const {
  auto index = endpoint->loop_index();
  on_loop(index, [endpoint = std::move(endpoint), line = std::move(line)] { endpoint->deliver_variant(*line); });
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
