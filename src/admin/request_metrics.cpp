#include "admin/request_metrics.hpp"

#include <array>

#include "metrics/counter.hpp"
#include "metrics/labels.hpp"

namespace chatd::admin {

namespace {

// Enough slots for every command plus "unknown" (checked where a request is counted).
constexpr std::size_t kSlots = 32;
using ByResult = std::array<metrics::Counter, metrics::kResults.size()>;

std::array<ByResult, kSlots>& counts() {
  static std::array<ByResult, kSlots> instance;
  return instance;
}

std::size_t slot_of(const Command* command) noexcept {
  const auto commands = all_commands();
  return command ? static_cast<std::size_t>(command - commands.data()) : commands.size();
}

}  // namespace

void count_request(const Command* command, bool ok) noexcept {
  const std::size_t slot = slot_of(command);
  if (slot >= kSlots) return;
  counts()[slot][ok ? metrics::kResultOk : metrics::kResultFailed].add();
}

void RequestMetrics::collect(metrics::Exposition& out) const {
  const auto commands = all_commands();
  out.family("chatd_admin_requests_total", metrics::Exposition::Type::counter,
             "Requests on the admin socket (chatctl), by command and result.");
  for (std::size_t slot = 0; slot <= commands.size() && slot < kSlots; ++slot) {
    const std::string_view name = slot < commands.size() ? commands[slot].name : std::string_view("unknown");
    for (std::size_t result = 0; result < metrics::kResults.size(); ++result) {
      out.sample("chatd_admin_requests_total", {{"command", name}, {"result", metrics::kResults[result]}},
                 counts()[slot][result].value());
    }
  }
}

}  // namespace chatd::admin
