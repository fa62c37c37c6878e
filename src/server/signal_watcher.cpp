#include "server/signal_watcher.hpp"

#include <sys/signalfd.h>

#include <csignal>

#include "sys/error.hpp"

namespace chatd::server {

namespace {
sigset_t handled_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}
}  // namespace

void SignalWatcher::block_signals() {
  // A client that vanishes mid-write must cost an EPIPE, not the process.
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t set = handled_signals();
  if (pthread_sigmask(SIG_BLOCK, &set, nullptr) != 0) sys::throw_errno("pthread_sigmask");
}

SignalWatcher::SignalWatcher(event::EventLoop& loop, std::function<void(int)> on_signal)
    : watch_(loop, *this), on_signal_(std::move(on_signal)) {
  sigset_t set = handled_signals();
  fd_.reset(::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!fd_) sys::throw_errno("signalfd");
  watch_.open(fd_.get());
  if (!watch_.schedule_read()) sys::throw_errno("epoll_ctl(signalfd)");
}

void SignalWatcher::on_io(std::uint32_t) noexcept {
  signalfd_siginfo info;
  while (::read(fd_.get(), &info, sizeof info) == sizeof info) on_signal_(static_cast<int>(info.ssi_signo));
}

}  // namespace chatd::server
