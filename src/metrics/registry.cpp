#include "metrics/registry.hpp"

#include <algorithm>

namespace chatd::metrics {

void Registry::add(const Collector& collector) { collectors_.push_back(&collector); }

void Registry::remove(const Collector& collector) { std::erase(collectors_, &collector); }

std::string Registry::scrape() const {
  Exposition out;
  for (const Collector* collector : collectors_) collector->collect(out);
  return out.take();
}

}  // namespace chatd::metrics
