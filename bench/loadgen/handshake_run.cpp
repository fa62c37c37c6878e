// Handshake run: N TLS connections, `max_pending` at a time, each closed (with a reset, so no
// TIME_WAIT piles up) as soon as its full handshake is done; nothing else is said. The figure is
// full handshakes per second of server CPU: the server's handshake rate per core.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "proc_stats.hpp"
#include "runs.hpp"
#include "tls_client.hpp"

namespace chatd::bench {

namespace {

struct Attempt {
  int fd = -1;
  SSL* ssl = nullptr;
  bool connected = false;
};

void finish(Attempt& attempt, int epoll) {
  ::epoll_ctl(epoll, EPOLL_CTL_DEL, attempt.fd, nullptr);
  linger reset{1, 0};
  ::setsockopt(attempt.fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
  SSL_free(attempt.ssl);
  ::close(attempt.fd);
  attempt = Attempt{};
}

}  // namespace

int run_handshakes(const Options& options) {
  TlsClientContext tls;
  const int epoll = ::epoll_create1(EPOLL_CLOEXEC);
  std::vector<Attempt> slots(options.max_pending);
  std::size_t started = 0, done = 0;
  std::string error;
  auto start_one = [&](std::size_t slot) {
    Attempt& attempt = slots[slot];
    attempt.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(options.port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(attempt.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0 && errno != EINPROGRESS) {
      error = std::string("connect: ") + std::strerror(errno);
    }
    epoll_event event{};
    event.events = EPOLLOUT;
    event.data.u64 = slot;
    ::epoll_ctl(epoll, EPOLL_CTL_ADD, attempt.fd, &event);
    ++started;
  };
  auto step = [&](std::size_t slot) {
    Attempt& attempt = slots[slot];
    if (!attempt.ssl) attempt.ssl = tls.session(attempt.fd);
    epoll_event event{};
    event.data.u64 = slot;
    switch (tls_handshake(attempt.ssl, error)) {
      case TlsStep::done:
        ++done;
        finish(attempt, epoll);
        if (started < options.connections) start_one(slot);
        return;
      case TlsStep::want_read:
        event.events = EPOLLIN;
        break;
      case TlsStep::want_write:
        event.events = EPOLLOUT;
        break;
      case TlsStep::failed:
        finish(attempt, epoll);
        return;
    }
    ::epoll_ctl(epoll, EPOLL_CTL_MOD, attempt.fd, &event);
  };

  const auto cpu_before = process_cpu_seconds(options.server_pid);
  const std::uint64_t begin = monotonic_ns();
  const std::uint64_t give_up = begin + static_cast<std::uint64_t>(options.setup_seconds * 1e9);
  for (std::size_t slot = 0; slot < slots.size() && started < options.connections; ++slot) start_one(slot);
  while (done < options.connections && error.empty() && monotonic_ns() < give_up) {
    epoll_event events[256];
    const int n = ::epoll_wait(epoll, events, 256, 100);
    for (int i = 0; i < n; ++i) step(events[i].data.u64);
  }
  const double seconds = static_cast<double>(monotonic_ns() - begin) / 1e9;
  const auto cpu_after = process_cpu_seconds(options.server_pid);
  const double server_cpu = cpu_before && cpu_after ? *cpu_after - *cpu_before : 0;
  for (auto& attempt : slots) {
    if (attempt.fd >= 0) finish(attempt, epoll);
  }
  ::close(epoll);
  const bool ok = error.empty() && done == options.connections;
  std::printf(
      "RESULT mode=handshake server=%s scenario=\"%s\" rep=%d status=%s handshakes=%zu seconds=%.3f "
      "handshakes_per_s=%.0f server_cpu_s=%.2f handshakes_per_cpu_s=%.0f error=%s\n",
      options.server.c_str(), options.scenario.c_str(), options.rep, ok ? "ok" : "failed", done, seconds,
      seconds > 0 ? static_cast<double>(done) / seconds : 0, server_cpu,
      server_cpu > 0 ? static_cast<double>(done) / server_cpu : 0, error.empty() ? "-" : ("\"" + error + "\"").c_str());
  std::fflush(stdout);
  return ok ? 0 : 1;
}

}  // namespace chatd::bench
