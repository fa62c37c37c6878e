#include "metrics/test_hooks.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace chatd::metrics {

namespace {
constexpr std::string_view kHooks[] = {"stall-worker"};

bool set_and_not_empty(const char* name) {
  const char* value = std::getenv(name);
  return value && *value;
}
}  // namespace

bool test_hook_requested(std::string_view hook) {
  const char* value = std::getenv("CHATD_TEST_HOOKS");
  if (!value || !*value) return false;
  if (set_and_not_empty("INVOCATION_ID") || set_and_not_empty("NOTIFY_SOCKET")) {
    throw std::runtime_error(
        "CHATD_TEST_HOOKS is set, but chatd runs as a systemd service: test hooks are for "
        "the test suite only; remove the variable from the service's environment");
  }
  bool wanted = false;
  std::string_view list = value;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view name = list.substr(0, comma);
    bool known = false;
    for (std::string_view h : kHooks) known = known || h == name;
    if (!known) throw std::runtime_error("CHATD_TEST_HOOKS: unknown hook \"" + std::string(name) + "\"");
    wanted = wanted || name == hook;
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return wanted;
}

}  // namespace chatd::metrics
