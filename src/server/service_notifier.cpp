#include "server/service_notifier.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "sys/systemd.hpp"

namespace chatd::server {
namespace {
// Often enough for `systemctl status` to look live, rare enough to cost nothing.
constexpr std::chrono::seconds kStatusPeriod{5};
}  // namespace

ServiceNotifier::ServiceNotifier(event::EventLoop& loop, std::function<std::string()> status)
    : status_(std::move(status)), enabled_(sys::systemd::notify_enabled()) {
  if (auto period = sys::systemd::watchdog_period()) {
    spdlog::debug("systemd watchdog: pinging every {} ms", period->count() / 1000);
    const auto every =
        std::max(std::chrono::milliseconds(1), std::chrono::duration_cast<std::chrono::milliseconds>(*period));
    loop.every(every, [] { sys::systemd::notify("WATCHDOG=1"); });
  }
  if (!enabled_) return;
  loop.every(kStatusPeriod, [this] {
    if (!stopping_) send("STATUS=" + status_());
  });
}

void ServiceNotifier::ready() { send("READY=1\nSTATUS=" + status_()); }

void ServiceNotifier::reloading() { send(sys::systemd::reloading_state() + "\nSTATUS=Reloading configuration"); }

void ServiceNotifier::stopping() {
  stopping_ = true;
  send("STOPPING=1\nSTATUS=Shutting down");
}

void ServiceNotifier::send(const std::string& state) {
  if (enabled_) sys::systemd::notify(state);
}

}  // namespace chatd::server
