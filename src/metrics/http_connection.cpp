#include "metrics/http_connection.hpp"

#include <sys/socket.h>

#include <cerrno>

namespace chatd::metrics {

namespace {
constexpr std::size_t kReadBytes = 4096;
}  // namespace

HttpConnection::HttpConnection(event::EventLoop& loop, sys::UniqueFd fd, Host& host, http::Limits limits)
    : loop_(loop), fd_(std::move(fd)), watch_(loop, *this), host_(host), parser_(limits) {}

HttpConnection::~HttpConnection() { watch_.cancel(); }

void HttpConnection::start() noexcept {
  watch_.open(fd_.get());
  if (!watch_.schedule(event::FdWatch::kRead)) close();
}

void HttpConnection::on_io(std::uint32_t events) noexcept {
  if (state_ == State::closed) return;
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
    if (state_ == State::reading) {
      read_input();
    } else if (events & (EPOLLHUP | EPOLLERR)) {
      close();  // gone while its answer was pending
    }
  }
  if (state_ == State::writing && (events & EPOLLOUT)) write_output();
}

void HttpConnection::read_input() noexcept {
  char buffer[kReadBytes];
  const ssize_t n = ::recv(fd_.get(), buffer, sizeof buffer, 0);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
  if (n <= 0) {
    close();
    return;
  }
  input_.append(buffer, static_cast<std::size_t>(n));
  process_input();
}

void HttpConnection::process_input() noexcept {
  while (state_ == State::reading && !input_.empty()) {
    const std::size_t used = parser_.feed(input_);
    input_.erase(0, used);
    switch (parser_.status()) {
      case http::RequestParser::Status::incomplete:
        return;
      case http::RequestParser::Status::failed: {
        auto response = http::text_response(parser_.error_status(), parser_.error());
        response.close = true;  // the stream is out of step: nothing after this can be trusted
        state_ = State::answering;
        respond(std::move(response));
        return;
      }
      case http::RequestParser::Status::complete:
        state_ = State::answering;
        head_only_ = parser_.request().method == "HEAD";
        // No reading while the answer is pending: a pipelined request waits in input_.
        if (!watch_.cancel_read()) {
          close();
          return;
        }
        host_.handle(parser_.request(), *this);
        return;
    }
  }
}

void HttpConnection::respond(http::Response response) noexcept {
  if (state_ != State::answering) return;
  const auto& request = parser_.request();
  close_after_ = response.close || parser_.status() != http::RequestParser::Status::complete || !request.keep_alive ||
                 request.upgrade;
  response.close = close_after_;
  output_ = http::serialize(response, head_only_);
  written_ = 0;
  state_ = State::writing;
  write_output();
}

void HttpConnection::write_output() noexcept {
  while (written_ < output_.size()) {
    const ssize_t n =
        ::send(fd_.get(), output_.data() + written_, output_.size() - written_, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!watch_.schedule_write()) close();
      return;
    }
    if (n <= 0) {
      close();
      return;
    }
    written_ += static_cast<std::size_t>(n);
    waiting_since_ = Clock::now();
  }
  output_.clear();
  output_.shrink_to_fit();  // a scrape's text is large; an idle keep-alive connection should not be
  if (close_after_) {
    close();
    return;
  }
  parser_.reset();
  head_only_ = false;
  state_ = State::reading;
  if (!watch_.schedule(event::FdWatch::kRead)) {
    close();
    return;
  }
  process_input();  // a request that was pipelined behind the one just answered
}

void HttpConnection::close() noexcept {
  if (state_ == State::closed) return;
  state_ = State::closed;
  ::shutdown(fd_.get(), SHUT_WR);
  // Unread input would turn the close into a RST that can destroy the answer in flight.
  char sink[4096];
  for (int i = 0; i < 4 && ::recv(fd_.get(), sink, sizeof sink, MSG_DONTWAIT) > 0; ++i) {
  }
  watch_.cancel();
  fd_.reset();
  host_.forget(this);
}

}  // namespace chatd::metrics
