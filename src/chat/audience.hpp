// Audience: an immutable snapshot of the endpoints that receive a channel's traffic, grouped
// by owning loop so a message costs one hand-off per loop, not one per member. Channels
// rebuild it after membership changes; readers share it via shared_ptr<const Audience>
// without holding any lock while they deliver.
#pragma once

#include <memory>
#include <vector>

#include "chat/endpoint.hpp"

namespace chatd::chat {

struct Audience {
  std::vector<std::vector<std::shared_ptr<Endpoint>>> by_loop;
  std::size_t size = 0;

  void add(std::shared_ptr<Endpoint> endpoint) {
    auto loop = endpoint->loop_index();
    if (by_loop.size() <= loop) by_loop.resize(loop + 1);
    by_loop[loop].push_back(std::move(endpoint));
    ++size;
  }
};

}  // namespace chatd::chat
