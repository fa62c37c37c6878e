// ServiceNotifier: tells systemd (Type=notify) what the daemon is doing: READY=1 once the
// listeners are open, RELOADING=1 / READY=1 around a reload, STOPPING=1 on shutdown, a
// STATUS= line with live counts refreshed every few seconds, and WATCHDOG=1 at half the
// watchdog period. Both timers run on the main loop, so a wedged main loop stops the
// watchdog pings and systemd restarts the daemon. Without NOTIFY_SOCKET it does nothing.
//
// Thread rules: loop-only (the main loop); construct before the loop runs.
#pragma once

#include <functional>
#include <string>

#include "event/event_loop.hpp"

namespace chatd::server {

class ServiceNotifier {
 public:
  // `status` returns the STATUS= text (e.g. "3 clients, 2 channels"); called on the main loop.
  ServiceNotifier(event::EventLoop& loop, std::function<std::string()> status);

  void ready();
  void reloading();
  void stopping();

 private:
  void send(const std::string& state);

  std::function<std::string()> status_;
  bool enabled_;
  bool stopping_ = false;
};

}  // namespace chatd::server
