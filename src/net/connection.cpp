#include "net/connection.hpp"

#include <sys/socket.h>

#include <algorithm>
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

Connection::Connection(Worker& worker, sys::UniqueFd fd, const sys::SocketAddress& peer, std::size_t max_line,
                       const ConnectionLimits& limits)
    : chat::Endpoint(worker.index()),
      worker_(worker),
      fd_(std::move(fd)),
      host_(peer.host()),
      reader_(max_line),
      sendq_(limits.sendq),
      recvq_(limits.recvq),
      flood_(limits.flood),
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

void Connection::deliver(const chat::SharedLine& line) noexcept { queue(line, 1); }

// A reply may hold several lines in one buffer (NAMES, a MOTD); `chatctl stats` counts lines.
void Connection::send(std::string text) noexcept {
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  queue(chat::make_shared_line(std::move(text)), lines);
}

void Connection::queue(const chat::SharedLine& line, std::size_t lines) noexcept {
  if (closed_ || doomed_) return;
  output_.push(line);
  if (output_.bytes() > sendq_) {
    doomed_ = true;
    stats::Counters::add(stats::counters().sendq_kills, 1);
    worker_.loop().defer([self = shared_from_this()] { self->close("SendQ exceeded"); });
    return;
  }
  worker_.count_lines(lines);
  mark_dirty();
}

void Connection::mark_dirty() noexcept {
  if (dirty_) return;
  dirty_ = true;
  worker_.mark_dirty(shared_from_this());
}

void Connection::watch_output(bool on) noexcept {
  if (watching_output_ == on || closed_) return;
  watching_output_ = on;
  rearm();
}

void Connection::rearm() noexcept {
  // A throttled client is not watched for input at all: with EPOLLRDHUP armed, a peer that
  // half-closed would keep the level-triggered loop spinning while we ignore it.
  std::uint32_t events = (reading_ ? EPOLLIN | EPOLLRDHUP : 0u) | (watching_output_ ? EPOLLOUT : 0u);
  try {
    worker_.loop().modify(fd_.get(), events, this);
  } catch (const std::exception&) {
  }
}

void Connection::pause_reading() noexcept {
  if (!reading_ || closed_) return;
  reading_ = false;
  rearm();
  worker_.throttle(shared_from_this());
}

void Connection::flush() noexcept {
  dirty_ = false;
  if (closed_) return;
  std::size_t before = output_.bytes();
  auto result = output_.flush(fd_.get());
  stats::Counters::add(stats::counters().bytes_out, before - output_.bytes());
  after_write(result);
}

bool Connection::add_to_batch(SendBatch& batch) noexcept {
  if (!closed_ && !output_.empty()) {
    iovec iov[SendBatch::kMaxIovPerSend];
    int count = output_.gather(iov, SendBatch::kMaxIovPerSend);
    if (!batch.add(fd_.get(), std::span<const iovec>(iov, static_cast<std::size_t>(count)), this)) return false;
  }
  dirty_ = false;
  return true;
}

void Connection::finish_batched(ssize_t result, std::size_t offered) noexcept {
  if (closed_) return;
  if (result < 0) {
    errno = static_cast<int>(-result);
    after_write(errno == EAGAIN || errno == EWOULDBLOCK ? OutputQueue::Flush::blocked : OutputQueue::Flush::failed);
    return;
  }
  auto sent = static_cast<std::size_t>(result);
  output_.consume(sent);
  stats::Counters::add(stats::counters().bytes_out, sent);
  if (output_.empty()) {
    after_write(OutputQueue::Flush::done);
  } else if (sent < offered) {
    after_write(OutputQueue::Flush::blocked);
  } else {
    mark_dirty();  // more was queued than one send takes: the rest goes in the next batch
  }
}

void Connection::after_write(OutputQueue::Flush result) noexcept {
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
  if (!reading_ && (events & (EPOLLHUP | EPOLLERR))) {
    // Reset while throttled: the kernel has already discarded what it held for us.
    close("Connection reset by peer");
    return;
  }
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) read_input();
  if (!closed_ && (events & EPOLLOUT)) flush();
}

void Connection::read_input() noexcept {
  auto buffer = worker_.scratch();
  flood_.refill(Clock::now());
  for (int i = 0; i < kReadsPerEvent && reading_ && !closed_ && !doomed_; ++i) {
    // Never read more than the byte bucket allows: what stays in the kernel pushes back on
    // the sender through TCP instead of piling up here.
    std::size_t want = std::min(buffer.size(), flood_.byte_allowance());
    if (want == 0) {
      pause_reading();
      return;
    }
    ssize_t n = ::recv(fd_.get(), buffer.data(), want, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (errno == EINTR) continue;
      return;
    }
    if (n <= 0) {
      std::string reason =
          n == 0 ? "Remote host closed the connection" : std::string("Read error: ") + std::strerror(errno);
      // What a client without line ends sent last is its last line, said before it leaves.
      if (unterminated_lines_ && !take_partial_line()) return;
      close(reason);
      return;
    }
    last_input_ = Clock::now();
    flood_.take_bytes(static_cast<std::size_t>(n));
    stats::Counters::add(stats::counters().bytes_in, static_cast<std::uint64_t>(n));
    reader_.feed(
        std::string_view(buffer.data(), static_cast<std::size_t>(n)),
        [this](std::string_view line) { return take_line(line); },
        [this] { return !closed_ && on_overlong() && !closed_; });
    if (!held_.empty()) pause_reading();
    if (partial_idle_.count() > 0 && !partial_watched_ && !closed_ && reader_.mid_line()) {
      partial_watched_ = true;
      worker_.watch_partial(shared_from_this());
    }
    if (static_cast<std::size_t>(n) < want) return;
  }
}

void Connection::accept_unterminated_lines(std::chrono::milliseconds idle) noexcept {
  unterminated_lines_ = true;
  partial_idle_ = idle;
}

bool Connection::take_partial_line() noexcept {
  std::string line = reader_.take_partial();
  if (line.empty()) return !closed_;
  if (!take_line(line)) return false;
  if (!held_.empty()) pause_reading();
  return !closed_;
}

std::optional<Connection::Clock::duration> Connection::end_idle_line(Clock::time_point now) noexcept {
  if (closed_ || !reader_.mid_line()) {
    partial_watched_ = false;
    return std::nullopt;
  }
  // Throttled: the rest of the line may be waiting in the kernel; look again later.
  if (!reading_) return partial_idle_;
  const auto due = last_input_ + partial_idle_;
  if (now < due) return due - now;
  partial_watched_ = false;
  take_partial_line();
  return std::nullopt;
}

bool Connection::take_line(std::string_view line) noexcept {
  if (closed_) return false;
  if (line.empty()) return true;  // IRC ignores empty lines; they must not cost a token
  stats::Counters::add(stats::counters().lines_in, 1);
  if (held_.empty() && flood_.take_line()) return on_line(line) && !closed_;
  if (held_.size() + line.size() + 1 > recvq_) {
    close("Excess Flood");
    return false;
  }
  try {
    held_.append(line);
    held_.push_back('\n');
  } catch (const std::exception&) {
    close("Excess Flood");
    return false;
  }
  return true;
}

bool Connection::release_held() noexcept {
  if (closed_) return false;
  flood_.refill(Clock::now());
  std::size_t done = 0;
  while (done < held_.size() && !closed_ && flood_.take_line()) {
    std::size_t lf = held_.find('\n', done);
    std::string_view line(held_.data() + done, lf - done);
    done = lf + 1;
    // The view stays valid: held_ is only appended to while reading_, which is off now.
    if (!on_line(line)) return false;
  }
  if (closed_) return false;
  held_.erase(0, done);
  if (!held_.empty() || flood_.byte_allowance() == 0) return true;
  held_.shrink_to_fit();
  reading_ = true;
  rearm();
  return false;
}

void Connection::close(std::string_view reason) noexcept {
  if (closed_) return;
  on_closed(reason);
  closed_ = true;
  // held_ stays until the object goes: the line being handled may still be a view into it.
  ticket_.reset();
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
