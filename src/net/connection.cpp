#include "net/connection.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "net/worker.hpp"
#include "stats/counters.hpp"
#include "sys/socket.hpp"

namespace chatd::net {

namespace {
// Reads per readiness event: enough to drain a burst, few enough that one flooding client
// cannot starve the others on this loop (epoll is level-triggered, so we come back).
constexpr int kReadsPerEvent = 4;
}  // namespace

Connection::Connection(Worker& worker, sys::UniqueFd fd, const sys::SocketAddress& peer,
                       std::size_t max_line, std::size_t sendq)
    : chat::Endpoint(worker.index()),
      worker_(worker),
      fd_(std::move(fd)),
      host_(peer.host()),
      reader_(max_line),
      sendq_(sendq),
      last_input_(Clock::now()) {}

Connection::~Connection() = default;

void Connection::start() noexcept {
  sys::set_nodelay(fd_.get());
  try {
    worker_.loop().add(fd_.get(), EPOLLIN | EPOLLRDHUP, this);
  } catch (const std::exception&) {
    closed_ = true;
    worker_.forget(this);
    return;
  }
  on_open();
}

void Connection::deliver(const chat::SharedLine& line) noexcept {
  if (closed_ || doomed_) return;
  output_.push(line);
  if (output_.bytes() > sendq_) {
    doomed_ = true;
    stats::Counters::add(stats::counters().sendq_kills, 1);
    worker_.loop().defer([self = shared_from_this()] { self->close("SendQ exceeded"); });
    return;
  }
  mark_dirty();
}

void Connection::send(std::string text) noexcept {
  deliver(chat::make_shared_line(std::move(text)));
}

void Connection::mark_dirty() noexcept {
  if (dirty_) return;
  dirty_ = true;
  worker_.mark_dirty(shared_from_this());
}

void Connection::watch_output(bool on) noexcept {
  if (watching_output_ == on || closed_) return;
  watching_output_ = on;
  try {
    worker_.loop().modify(fd_.get(), EPOLLIN | EPOLLRDHUP | (on ? EPOLLOUT : 0u), this);
  } catch (const std::exception&) {
  }
}

void Connection::flush() noexcept {
  dirty_ = false;
  if (closed_) return;
  std::size_t before = output_.bytes();
  auto result = output_.flush(fd_.get());
  stats::Counters::add(stats::counters().bytes_out, before - output_.bytes());
  switch (result) {
    case OutputQueue::Flush::done:
      watch_output(false);
      break;
    case OutputQueue::Flush::blocked:
      watch_output(true);
      break;
    case OutputQueue::Flush::failed:
      close(std::string("Write error: ") + std::strerror(errno));
      break;
  }
}

void Connection::on_io(std::uint32_t events) noexcept {
  if (closed_) return;
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) read_input();
  if (!closed_ && (events & EPOLLOUT)) flush();
}

void Connection::read_input() noexcept {
  auto buffer = worker_.scratch();
  for (int i = 0; i < kReadsPerEvent && !closed_ && !doomed_; ++i) {
    ssize_t n = ::recv(fd_.get(), buffer.data(), buffer.size(), 0);
    if (n == 0) {
      close("Remote host closed the connection");
      return;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) close(std::string("Read error: ") + std::strerror(errno));
      return;
    }
    last_input_ = Clock::now();
    stats::Counters::add(stats::counters().bytes_in, static_cast<std::uint64_t>(n));
    reader_.feed(
        std::string_view(buffer.data(), static_cast<std::size_t>(n)),
        [this](std::string_view line) {
          stats::Counters::add(stats::counters().lines_in, 1);
          return !closed_ && on_line(line) && !closed_;
        },
        [this] { return on_overlong() && !closed_; });
    if (static_cast<std::size_t>(n) < buffer.size()) return;
  }
}

void Connection::close(std::string_view reason) noexcept {
  if (closed_) return;
  on_closed(reason);
  closed_ = true;
  // Best effort: the goodbye line goes out now if the socket has room, never blocking.
  output_.flush(fd_.get());
  output_.clear();
  output_.release();
  ::shutdown(fd_.get(), SHUT_WR);
  // Unread input would turn our close into a RST, which can destroy the ERROR line in the
  // client's receive queue; drain what is there so the close is a clean FIN.
  char sink[4096];
  for (int i = 0; i < 16 && ::recv(fd_.get(), sink, sizeof sink, MSG_DONTWAIT) > 0; ++i) {
  }
  worker_.loop().remove(fd_.get());
  fd_.reset();
  worker_.forget(this);
}

}  // namespace chatd::net
