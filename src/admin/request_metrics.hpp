// Admin requests by command and result, for the metrics endpoint
// (chatd_admin_requests_total{command, result}). Requests that name no known command (bad
// JSON, an unknown name) are counted as command="unknown".
//
// Thread rules: count_request() on the main loop only (the admin socket's loop: one writer);
// collect() from any thread.
#pragma once

#include "admin/commands.hpp"
#include "metrics/registry.hpp"

namespace chatd::admin {

// `command` null: the request named no known command. `ok`: it was answered without error.
void count_request(const Command* command, bool ok) noexcept;

class RequestMetrics final : public metrics::Collector {
 public:
  void collect(metrics::Exposition& out) const override;
};

}  // namespace chatd::admin
