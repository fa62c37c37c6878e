// Test hooks: behaviour that only black-box tests may switch on, never a production server.
// The environment variable CHATD_TEST_HOOKS (a comma-separated list) asks for them; today the
// only hook is "stall-worker" (MetricsServer's /test/stall-worker, which makes a worker sleep
// so that /healthz can be seen turning 503). Nothing in a config file can enable a hook, and
// a chatd started by systemd (INVOCATION_ID or NOTIFY_SOCKET in its environment) refuses to
// start with CHATD_TEST_HOOKS set, so a hook cannot be left on in a service by accident.
//
// Thread rules: call at start-up, on the main thread (reads the environment).
#pragma once

#include <string_view>

namespace chatd::metrics {

// Whether CHATD_TEST_HOOKS asks for `hook`. Throws std::runtime_error when the variable is set
// in a systemd service, or names a hook that does not exist.
bool test_hook_requested(std::string_view hook);

}  // namespace chatd::metrics
