#include "support/line_pump.hpp"

#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace chatd::test {

using Clock = std::chrono::steady_clock;

bool pump_lines(std::vector<PumpedSocket>& sockets, Clock::time_point deadline, const std::function<bool()>& done,
                const std::function<void(std::size_t, std::string_view)>& on_line) {
  std::vector<pollfd> fds(sockets.size());
  std::vector<char> chunk(65536);
  while (!done()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    for (std::size_t i = 0; i < sockets.size(); ++i) fds[i] = pollfd{sockets[i].fd, POLLIN, 0};
    int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long long>(left, 200)));
    if (ready < 0 && errno != EINTR) return false;
    for (std::size_t i = 0; i < sockets.size() && ready > 0; ++i) {
      if (fds[i].revents == 0) continue;
      PumpedSocket& socket = sockets[i];
      ssize_t n = ::recv(socket.fd, chunk.data(), chunk.size(), MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        on_line(i, "(closed)");
        socket.fd = -1;
        continue;
      }
      if (n < 0) continue;
      socket.buffer.append(chunk.data(), static_cast<std::size_t>(n));
      std::size_t start = 0;
      for (std::size_t lf; (lf = socket.buffer.find('\n', start)) != std::string::npos; start = lf + 1) {
        std::string_view line(socket.buffer.data() + start, lf - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        on_line(i, line);
      }
      socket.buffer.erase(0, start);
    }
  }
  return true;
}

bool send_all(int fd, std::string_view bytes, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      if (Clock::now() > deadline) return false;
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, 100);
    } else {
      return false;
    }
  }
  return true;
}

void raise_nofile_limit(unsigned long want) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= want) return;
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? want : std::min<rlim_t>(want, limit.rlim_max);
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace chatd::test
