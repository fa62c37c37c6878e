#include "metrics/health_check.hpp"

#include <vector>

#include "metrics/loop_counters.hpp"

namespace chatd::metrics {

HealthCheck::HealthCheck(event::EventLoop& loop, Done done)
    : loop_(loop), done_(std::move(done)), timer_(loop, [this] { finish(false); }) {}

std::shared_ptr<HealthCheck> HealthCheck::start(event::EventLoop& loop, std::chrono::milliseconds deadline, Done done) {
  auto check = std::make_shared<HealthCheck>(loop, std::move(done));
  std::vector<event::EventLoop*> workers;
  for_each_loop([&](const LoopCounters& counters) {
    if (counters.role() == LoopRole::worker && counters.loop()) workers.push_back(counters.loop());
  });
  check->workers_ = workers.size();
  if (workers.empty()) {
    check->finish(false);  // nothing would serve a client
    return check;
  }
  std::weak_ptr<HealthCheck> weak = check;
  event::EventLoop* main = &loop;
  for (event::EventLoop* worker : workers) {
    // Only the weak pointer travels: the check is created, used and destroyed on the main loop.
    worker->post([main, weak] {
      main->post([weak] {
        if (auto self = weak.lock()) self->replied();
      });
    });
  }
  check->timer_.schedule(deadline);
  return check;
}

void HealthCheck::replied() noexcept {
  if (!done_) return;
  if (++replied_ == workers_) finish(true);
}

void HealthCheck::finish(bool healthy) noexcept {
  if (!done_) return;
  timer_.cancel();
  auto done = std::move(done_);
  done_ = nullptr;
  done(healthy, workers_, replied_);
}

}  // namespace chatd::metrics
