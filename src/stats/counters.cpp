#include "stats/counters.hpp"

namespace chatd::stats {

Counters& counters() noexcept {
  static Counters instance;
  return instance;
}

}  // namespace chatd::stats
