#include "net/connection.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "metrics/loop_counters.hpp"
#include "sys/socket.hpp"

namespace chatd::net {

namespace {
// Reads per readiness event: enough to drain a burst, few enough that one flooding client
// cannot starve the others on this loop (epoll is level-triggered, so we come back).
constexpr int kReadsPerEvent = 4;
// Writes a closing connection tries before it gives up on the rest of its queue.
constexpr int kGoodbyeWrites = 16;

// A TLS ClientHello: a handshake record (22) of TLS 1.x (3.x). No line protocol spoken here
// starts with byte 22, so a client that opens with it wanted TLS and would otherwise wait, its
// hello unanswered, for the registration timeout.
bool starts_tls_hello(std::string_view bytes) noexcept {
  return bytes.size() >= 2 && bytes[0] == 0x16 && bytes[1] == 0x03;
}
}  // namespace

Connection::Connection(ConnectionHost& host, sys::UniqueFd fd, std::string peer_host, std::size_t max_line,
                       const ConnectionLimits& limits, std::unique_ptr<Transport> transport)
    : host_loop_(host),
      fd_(std::move(fd)),
      watch_(host.loop(), *this),
      transport_(std::move(transport)),
      host_(std::move(peer_host)),
      reader_(max_line),
      sendq_(limits.sendq),
      recvq_(limits.recvq),
      flood_(limits.flood),
      last_input_(Clock::now()),
      accepted_at_(last_input_),
      open_timeout_(limits.open_timeout),
      counts_traffic_(limits.count_traffic) {}

Connection::~Connection() = default;

void Connection::start() noexcept {
  sys::set_nodelay(fd_.get());  // a no-op on the admin socket's UNIX stream
  watch_.open(fd_.get());
  if (!watch_.schedule(event::FdWatch::kRead)) {
    state_ = State::closed;
    host_loop_.forget(this);
    return;
  }
  open_when_ready();
}

bool Connection::open_when_ready() noexcept {
  if (opened_ || (transport_ && !transport_->ready())) return state_ != State::closed;
  opened_ = true;
  if (transport_) {
    if (std::string forwarded = transport_->peer_host(); !forwarded.empty()) host_ = std::move(forwarded);
  }
  on_open();
  return state_ != State::closed;
}

void Connection::tick(Clock::time_point now) noexcept {
  if (state_ == State::closed) return;
  if (opened_) {
    on_tick(now);
  } else if (now - accepted_at_ > open_timeout_) {
    close("Registration timeout");
  }
}

void Connection::queue(const chat::SharedLine& line, std::size_t lines) noexcept {
  host_loop_.loop().assert_in_loop("Connection::queue");
  if (state_ == State::doomed || state_ == State::closed) return;
  const std::size_t bytes = line->size();
  output_.push(transport_ ? transport_->frame(line) : line);
  if (unsent_bytes() > sendq_) {
    state_ = State::doomed;
    count(&metrics::LoopCounters::sendq_kills, 1);
    host_loop_.loop().defer([self = shared_from_this()] { self->close("SendQ exceeded"); });
    return;
  }
  if (counts_traffic_) {
    host_loop_.count_lines(lines);
    metrics::this_loop().count_queued(lines, bytes);
  }
  mark_dirty();
}

void Connection::send(std::string text) noexcept {
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  queue(chat::make_shared_line(std::move(text)), lines);
}

void Connection::mark_dirty() noexcept {
  if (dirty_) return;
  dirty_ = true;
  host_loop_.mark_dirty(shared_from_this());
}

void Connection::watch_output(bool on) noexcept {
  if (state_ == State::closed) return;
  if (!(on ? watch_.schedule_write() : watch_.cancel_write())) close("Internal error: cannot watch the socket");
}

void Connection::pause_reading() noexcept {
  if (state_ != State::reading) return;
  state_ = State::throttled;
  count(&metrics::LoopCounters::flood_throttles, 1);
  // A throttled client is not watched for input at all: with EPOLLRDHUP armed, a peer that
  // half-closed would keep the level-triggered loop spinning while we ignore it. A reset
  // still shows as EPOLLHUP/EPOLLERR, which epoll always reports.
  if (!watch_.cancel_read()) {
    close("Internal error: cannot watch the socket");
    return;
  }
  host_loop_.throttle(shared_from_this());
}

void Connection::drain() noexcept {
  if (state_ == State::closed || state_ == State::draining) return;
  state_ = State::draining;
  if (!watch_.cancel_read()) {
    close("Internal error: cannot watch the socket");
    return;
  }
  mark_dirty();  // the flush closes once nothing is left to write
}

// --- input ----------------------------------------------------------------------------------

void Connection::on_io(std::uint32_t events) noexcept {
  if (state_ == State::closed) return;
  if (state_ == State::throttled && (events & (EPOLLHUP | EPOLLERR))) {
    // Reset while throttled: the kernel has already discarded what it held for us.
    close("Connection reset by peer");
    return;
  }
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) read_input();
  if (state_ != State::closed && (events & EPOLLOUT)) flush();
}

void Connection::read_input() noexcept {
  auto buffer = host_loop_.scratch();
  flood_.refill(Clock::now());
  for (int i = 0; i < kReadsPerEvent && state_ == State::reading; ++i) {
    // Never read more than the byte bucket allows: what stays in the kernel pushes back on
    // the sender through TCP instead of piling up here.
    const std::size_t want = std::min(buffer.size(), flood_.byte_allowance());
    if (want == 0) {
      pause_reading();
      return;
    }
    const ssize_t n = ::recv(fd_.get(), buffer.data(), want, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {
      end_of_input(n, errno);
      return;
    }
    last_input_ = Clock::now();
    if (first_read_) {
      first_read_ = false;
      if (!transport_ && starts_tls_hello(std::string_view(buffer.data(), static_cast<std::size_t>(n)))) {
        spdlog::debug("{}: a TLS handshake on a plaintext port", host_);
        close("TLS on a plaintext port");
        return;
      }
    }
    flood_.take_bytes(static_cast<std::size_t>(n));
    count(&metrics::LoopCounters::bytes_in, static_cast<std::uint64_t>(n));
    if (!take_bytes(std::string_view(buffer.data(), static_cast<std::size_t>(n)))) return;
    if (!held_.empty()) pause_reading();
    if (partial_idle_.count() > 0 && !partial_watched_ && state_ == State::reading && reader_.mid_line()) {
      partial_watched_ = true;
      host_loop_.watch_partial(shared_from_this());
    }
    if (static_cast<std::size_t>(n) < want) return;
  }
}

void Connection::end_of_input(ssize_t n, int err) noexcept {
  // What a client without line ends sent last is its last line, said before it leaves.
  if (unterminated_lines_ && !take_partial_line()) return;
  if (n == 0) {
    on_peer_closed();
  } else {
    close(std::string("Read error: ") + std::strerror(err));
  }
}

void Connection::accept_unterminated_lines(std::chrono::milliseconds idle) noexcept {
  unterminated_lines_ = true;
  partial_idle_ = idle;
}

bool Connection::take_partial_line() noexcept {
  std::string line = reader_.take_partial();
  if (line.empty()) return state_ != State::closed;
  if (!take_line(line)) return false;
  if (!held_.empty()) pause_reading();
  return state_ != State::closed;
}

std::optional<Connection::Clock::duration> Connection::end_idle_line(Clock::time_point now) noexcept {
  if (state_ == State::closed || state_ == State::doomed || !reader_.mid_line()) {
    partial_watched_ = false;
    return std::nullopt;
  }
  // Throttled: the rest of the line may be waiting in the kernel; look again later.
  if (state_ == State::throttled) return partial_idle_;
  const auto due = last_input_ + partial_idle_;
  if (now < due) return due - now;
  partial_watched_ = false;
  take_partial_line();
  return std::nullopt;
}

bool Connection::take_bytes(std::string_view bytes) noexcept {
  auto feed = [this](std::string_view data) {
    return reader_.feed(
               data, [this](std::string_view line) { return take_line(line); },
               [this] { return state_ != State::closed && on_overlong() && state_ != State::closed; }) &&
           state_ != State::closed;
  };
  if (!transport_) return feed(bytes);
  // One buffer per thread for the decoded bytes: only this call uses it, and only a partial
  // line is copied out of it (by the reader), so idle connections stay small.
  static thread_local std::string plain;
  plain.clear();
  const auto queued_before = unsent_bytes();
  const auto status = transport_->receive(bytes, plain, output_);
  if (unsent_bytes() != queued_before) mark_dirty();  // a handshake record, a pong
  if (status == Transport::Status::failed) {
    close(transport_->error());
    return false;
  }
  if (status == Transport::Status::answered) {
    drain();
    return false;
  }
  // Once open, what a layer says by itself counts against the sendq too: a client that sends
  // pings and never reads the pongs must not grow its queue without end. (The opening, a TLS
  // handshake or an HTTP answer, is bounded by its layer.)
  if (opened_ && unsent_bytes() > sendq_) {
    count(&metrics::LoopCounters::sendq_kills, 1);
    close("SendQ exceeded");
    return false;
  }
  if (!open_when_ready()) return false;
  if (!plain.empty() && !feed(plain)) return false;
  if (status == Transport::Status::closed) {
    on_peer_closed();
    return false;
  }
  return state_ == State::reading;
}

bool Connection::take_line(std::string_view line) noexcept {
  if (state_ == State::closed) return false;
  if (line.empty()) return true;  // IRC ignores empty lines; they must not cost a token
  count(&metrics::LoopCounters::lines_in, 1);
  if (held_.empty() && flood_.take_line()) {
    // The fan-out latency of what this line causes is measured from its arrival.
    metrics::ArrivalScope arrival(last_input_);
    return on_line(line) && state_ != State::closed;
  }
  if (held_.size() + line.size() + 1 > recvq_) {
    count(&metrics::LoopCounters::excess_floods, 1);
    close("Excess Flood");
    return false;
  }
  held_.append(line);
  held_.push_back('\n');
  return true;
}

bool Connection::release_held() noexcept {
  if (state_ != State::throttled) return false;
  const auto now = Clock::now();
  flood_.refill(now);
  // Held lines arrive, for the latency histogram, when fake lag lets them go: the histogram
  // measures the server, not the flood control a client earned.
  metrics::ArrivalScope arrival(now);
  std::size_t done = 0;
  while (done < held_.size() && state_ == State::throttled && flood_.take_line()) {
    const std::size_t lf = held_.find('\n', done);
    std::string_view line(held_.data() + done, lf - done);
    done = lf + 1;
    // The view stays valid: held_ is only appended to while reading, which is off now.
    if (!on_line(line)) return false;
  }
  if (state_ != State::throttled) return false;
  held_.erase(0, done);
  if (!held_.empty() || flood_.byte_allowance() == 0) return true;
  held_.shrink_to_fit();
  state_ = State::reading;
  if (!watch_.schedule_read()) close("Internal error: cannot watch the socket");
  return false;
}

// --- closing --------------------------------------------------------------------------------

void Connection::close(std::string_view reason) noexcept {
  if (state_ == State::closed) return;
  // Never opened: a failed or abandoned TLS handshake, plaintext on a TLS port. Client noise,
  // so debug, and this is the only line it gets. (Its last words cannot be sealed: no session.)
  if (!opened_) spdlog::debug("{}: closed before the connection was ready: {}", host_, reason);
  on_closed(reason);
  if (transport_) transport_->goodbye(output_);
  state_ = State::closed;
  // held_ stays until the object goes: the line being handled may still be a view into it.
  ticket_.reset();
  // Best effort: the goodbye goes out now if the socket has room, never blocking.
  if (transport_ && transport_->seals()) transport_->seal(output_);
  for (int i = 0; i < kGoodbyeWrites; ++i) {
    iovec iov[OutputQueue::kMaxIov];
    const int count = gather(iov, OutputQueue::kMaxIov);
    if (count == 0) break;
    const ssize_t n = ::writev(fd_.get(), iov, count);
    if (n <= 0) break;
    consume(static_cast<std::size_t>(n));
  }
  output_.clear();
  output_.release();
  ::shutdown(fd_.get(), SHUT_WR);
  // Unread input would turn our close into a RST, which can destroy the ERROR line in the
  // client's receive queue; drain what is there so the close is a clean FIN.
  char sink[4096];
  for (int i = 0; i < 16 && ::recv(fd_.get(), sink, sizeof sink, MSG_DONTWAIT) > 0; ++i) {
  }
  watch_.cancel();
  fd_.reset();
  host_loop_.forget(this);
}

}  // namespace chatd::net
