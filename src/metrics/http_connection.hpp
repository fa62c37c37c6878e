// HttpConnection: one client of the metrics endpoint (Prometheus, curl, a load balancer's
// health check) on the main loop. It reads bytes into an http::RequestParser, hands each
// complete request to its Host, writes the answer and, on a persistent connection, goes on
// with the next request. One request is answered at a time: while an answer is pending (a
// health check waits for the workers) or being written, the connection does not read, so
// what it buffers is bounded by the parser's limits plus one read.
//
// Not a net::Connection: that class is a line-oriented chat client (line reader, flood
// control, fan-out queue, sendq), none of which an HTTP request/response exchange uses; see
// doc/ARCHITECTURE.md, "The metrics endpoint".
//
// Thread rules: loop-only (the main loop).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "event/event_loop.hpp"
#include "event/fd_watch.hpp"
#include "http/request_parser.hpp"
#include "http/response.hpp"
#include "sys/unique_fd.hpp"

namespace chatd::metrics {

class HttpConnection final : public event::Watcher, public std::enable_shared_from_this<HttpConnection> {
 public:
  using Clock = std::chrono::steady_clock;

  class Host {
   public:
    // A complete request: answer it with connection.respond(), now or later on this loop.
    virtual void handle(const http::Request& request, HttpConnection& connection) noexcept = 0;
    // The connection closed: drop it after the current batch of events.
    virtual void forget(HttpConnection* connection) noexcept = 0;

   protected:
    ~Host() = default;
  };

  HttpConnection(event::EventLoop& loop, sys::UniqueFd fd, Host& host, http::Limits limits);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Starts reading. REQUIRES: owned by a shared_ptr.
  void start() noexcept;
  // Answers the request being handled (a HEAD gets the headers only).
  void respond(http::Response response) noexcept;
  void close() noexcept;

  bool closed() const noexcept { return state_ == State::closed; }
  // Whether an answer is pending: the idle timeout does not apply then.
  bool answering() const noexcept { return state_ == State::answering; }
  // Since when the connection has been waiting on its peer: when it began reading a request,
  // or the last bytes of an answer went out. Request bytes do not renew it, so a request must
  // arrive whole within the idle timeout; a client trickling a byte at a time (slowloris)
  // cannot hold a slot.
  Clock::time_point waiting_since() const noexcept { return waiting_since_; }

 private:
  enum class State { reading, answering, writing, closed };

  void on_io(std::uint32_t events) noexcept override;
  void read_input() noexcept;
  // Parses what is buffered; hands a complete request to the host, or answers a bad one.
  void process_input() noexcept;
  void write_output() noexcept;

  event::EventLoop& loop_;
  sys::UniqueFd fd_;
  event::FdWatch watch_;
  Host& host_;
  http::RequestParser parser_;
  std::string input_;  // read but not yet parsed (what came after a complete request)
  std::string output_;
  std::size_t written_ = 0;
  bool head_only_ = false;    // the request being answered is a HEAD
  bool close_after_ = false;  // close once the answer is written
  State state_ = State::reading;
  Clock::time_point waiting_since_ = Clock::now();
};

}  // namespace chatd::metrics
