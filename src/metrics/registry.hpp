// Registry: the collectors a scrape asks, in the order they were added. A feature that has
// numbers to show (the server's traffic, the bridges, the admin socket, and next TLS, history
// and the cluster) implements Collector and adds itself at start-up; the scrape calls each
// one's collect() on the main loop and sends the text. Collectors read what they show at that
// moment (summing per-loop counters, taking a lock briefly), so the cost of metrics is paid per
// scrape, not per message.
//
// Thread rules: main loop only (add, remove and scrape); each collector's collect() runs there.
#pragma once

#include <string>
#include <vector>

#include "metrics/exposition.hpp"

namespace chatd::metrics {

class Collector {
 public:
  // Writes this collector's families. Called on the main loop; must not block on a worker.
  virtual void collect(Exposition& out) const = 0;

 protected:
  ~Collector() = default;
};

class Registry {
 public:
  // REQUIRES: `collector` outlives its registration (remove() it before it goes).
  void add(const Collector& collector);
  void remove(const Collector& collector);
  // The whole exposition, every collector in order.
  std::string scrape() const;

 private:
  std::vector<const Collector*> collectors_;
};

}  // namespace chatd::metrics
