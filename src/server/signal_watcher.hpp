// SignalWatcher: turns SIGTERM, SIGINT and SIGHUP into loop events via signalfd, so signal
// handling is ordinary code on the main loop instead of async-signal-safe contortions.
// block_signals() must run before any thread starts, so every thread inherits the mask.
//
// Thread rules: loop-only (the main loop).
#pragma once

#include <functional>

#include "event/event_loop.hpp"
#include "event/fd_watch.hpp"
#include "sys/unique_fd.hpp"

namespace chatd::server {

class SignalWatcher final : public event::Watcher {
 public:
  // Blocks the handled signals in the calling thread and ignores SIGPIPE process-wide.
  static void block_signals();

  SignalWatcher(event::EventLoop& loop, std::function<void(int)> on_signal);
  ~SignalWatcher() { watch_.cancel(); }

 private:
  void on_io(std::uint32_t events) noexcept override;

  sys::UniqueFd fd_;
  event::FdWatch watch_;
  std::function<void(int)> on_signal_;
};

}  // namespace chatd::server
