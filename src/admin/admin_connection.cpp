#include "admin/admin_connection.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cerrno>

#include "admin/admin_server.hpp"

namespace chatd::admin {

namespace {
// A client that stops reading its replies is dropped once this much is waiting for it.
constexpr std::size_t kMaxQueuedReplies = 4 * 1024 * 1024;
// Reads per readiness event, so one busy script cannot starve signals and listeners on the
// main loop (epoll is level-triggered: we come back for the rest).
constexpr int kReadsPerEvent = 4;
}  // namespace

AdminConnection::AdminConnection(AdminServer& server, sys::UniqueFd fd, Peer peer, std::string refusal)
    : server_(server), fd_(std::move(fd)), peer_(peer), refusal_(std::move(refusal)) {}

AdminConnection::~AdminConnection() {
  if (!closed_) server_.loop().remove(fd_.get());
}

void AdminConnection::start() {
  server_.loop().add(fd_.get(), EPOLLIN | EPOLLRDHUP, this);
  if (refusal_.empty()) return;
  // Refused at once, not at the first request: an idle refused peer must not hold a slot.
  // The reply stays readable after our close, so the client sees why.
  spdlog::warn("admin: uid {} pid {} refused: {}", peer_.uid, peer_.pid, refusal_);
  reply(error_reply(Error(refusal_), nullptr));
  closing_ = true;
  flush();
}

void AdminConnection::on_io(std::uint32_t events) noexcept {
  if (closed_) return;
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) read_input();
  if (!closed_) flush();
}

void AdminConnection::read_input() noexcept {
  auto buffer = server_.scratch();
  for (int i = 0; i < kReadsPerEvent && !closed_ && !closing_; ++i) {
    ssize_t n = ::recv(fd_.get(), buffer.data(), buffer.size(), 0);
    if (n == 0) {
      closing_ = true;  // the peer is done sending; finish answering, then close
      return;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) close();
      return;
    }
    reader_.feed(
        std::string_view(buffer.data(), static_cast<std::size_t>(n)),
        [this](std::string_view line) { return on_line(line); },
        [this] {
          reply(error_reply(
              Error("request too long: more than " + std::to_string(kMaxRequestBytes) + " bytes in one line"),
              nullptr));
          return !closing_ && !closed_;
        });
  }
}

bool AdminConnection::on_line(std::string_view line) noexcept {
  if (line.find_first_not_of(" \t") == std::string_view::npos) return true;  // blank lines are free
  try {
    reply(server_.answer(line, peer_));
  } catch (const std::exception&) {
    close();  // only allocation can fail here
  }
  return !closing_ && !closed_;
}

void AdminConnection::reply(std::string text) noexcept {
  try {
    output_.push(chat::make_shared_line(std::move(text)));
  } catch (const std::exception&) {
    close();
    return;
  }
  if (output_.bytes() > kMaxQueuedReplies) {
    spdlog::warn("admin: uid {} pid {} does not read its replies; closing", peer_.uid, peer_.pid);
    close();
  }
}

void AdminConnection::flush() noexcept {
  if (closed_) return;
  switch (output_.flush(fd_.get())) {
    case net::OutputQueue::Flush::done:
      if (closing_) {
        close();
        return;
      }
      break;
    case net::OutputQueue::Flush::blocked:
      break;
    case net::OutputQueue::Flush::failed:
      close();
      return;
  }
  bool want_output = !output_.empty();
  if (want_output == watching_output_) return;
  watching_output_ = want_output;
  // While replies are stuck, stop reading: a client that does not read gets no more answers.
  std::uint32_t events = want_output ? EPOLLOUT : (EPOLLIN | EPOLLRDHUP);
  try {
    server_.loop().modify(fd_.get(), events, this);
  } catch (const std::exception&) {
    close();
  }
}

void AdminConnection::close() noexcept {
  if (closed_) return;
  closed_ = true;
  server_.loop().remove(fd_.get());
  fd_.reset();
  server_.forget(this);
}

}  // namespace chatd::admin
