#include "chat/fanout.hpp"

#include "stats/counters.hpp"

namespace chatd::chat {

namespace {
void deliver_all(const std::vector<std::shared_ptr<Endpoint>>& members, const SharedLine& line,
                 const Endpoint* skip) noexcept {
  for (const auto& member : members) {
    if (member.get() != skip) member->deliver(line);
  }
}
}  // namespace

void Fanout::to_audience(std::shared_ptr<const Audience> audience, SharedLine line,
                         const Endpoint* skip) const {
  auto& counters = stats::counters();
  stats::Counters::add(counters.messages_out, 1);
  stats::Counters::add(counters.deliveries, audience->size);
  event::EventLoop* here = event::EventLoop::current();
  for (std::size_t i = 0; i < audience->by_loop.size() && i < loops_.size(); ++i) {
    if (audience->by_loop[i].empty()) continue;
    if (loops_[i] == here) {
      deliver_all(audience->by_loop[i], line, skip);
    } else {
      loops_[i]->post([audience, line, skip, i] { deliver_all(audience->by_loop[i], line, skip); });
    }
  }
}

void Fanout::to_endpoint(std::shared_ptr<Endpoint> endpoint, SharedLine line) const {
  stats::Counters::add(stats::counters().messages_out, 1);
  stats::Counters::add(stats::counters().deliveries, 1);
  auto index = endpoint->loop_index();
  on_loop(index, [endpoint = std::move(endpoint), line = std::move(line)] { endpoint->deliver(line); });
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
