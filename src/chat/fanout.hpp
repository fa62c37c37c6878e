// Fanout: hands a formatted line to the loops that own its recipients. Safe from any thread.
// Recipients on the caller's own loop get the line inline, so a client sees its own replies
// and the traffic it caused in order; every other loop gets one posted task per message.
#pragma once

#include <memory>
#include <vector>

#include "chat/audience.hpp"
#include "event/event_loop.hpp"

namespace chatd::chat {

class Fanout {
 public:
  explicit Fanout(std::vector<event::EventLoop*> loops) : loops_(std::move(loops)) {}

  // Every endpoint in `audience` except `skip` (which may be null) receives `line`.
  void to_audience(std::shared_ptr<const Audience> audience, SharedLine line, const Endpoint* skip) const;
  void to_endpoint(std::shared_ptr<Endpoint> endpoint, SharedLine line) const;
  // The same for a line with capability variants: each endpoint picks its own.
  void to_audience(std::shared_ptr<const Audience> audience, SharedVariants line, const Endpoint* skip) const;
  void to_endpoint(std::shared_ptr<Endpoint> endpoint, SharedVariants line) const;
  // Runs `task` on loop `index` (inline when the caller is on it).
  void on_loop(std::size_t index, event::EventLoop::Task task) const;

  std::size_t loop_count() const noexcept { return loops_.size(); }

 private:
  std::vector<event::EventLoop*> loops_;
};

}  // namespace chatd::chat
