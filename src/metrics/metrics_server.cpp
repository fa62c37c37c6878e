#include "metrics/metrics_server.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <thread>

#include "metrics/loop_counters.hpp"
#include "sys/socket.hpp"

namespace chatd::metrics {

namespace {

// The longest stall the test hook makes: long enough for any health check to see it.
constexpr unsigned kMaxStallMs = 60000;

std::optional<unsigned> number_in(std::string_view query, std::string_view key) {
  bool found = false;
  const std::string_view text = http::query_value(query, key, found);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!found || text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

MetricsServer::MetricsServer(event::EventLoop& loop, const sys::SocketAddress& address, const Registry& registry,
                             bool stall_hook)
    : loop_(loop), registry_(registry), stall_hook_(stall_hook), ticker_(loop, [this] { tick(); }) {
  sys::UniqueFd fd = sys::listen_tcp(address, 64);
  address_ = sys::local_address(fd.get());
  acceptor_ = std::make_unique<net::Acceptor>(
      loop_, std::move(fd), "metrics " + address_.to_string(),
      [this](sys::UniqueFd client, const sys::SocketAddress&) { accept(std::move(client)); });
  ticker_.schedule_every(std::chrono::seconds(1));
  spdlog::info("metrics on http://{}/metrics and /healthz", address_.to_string());
  if (stall_hook_) spdlog::warn("metrics: test hook /test/stall-worker is on (CHATD_TEST_HOOKS); never in production");
}

MetricsServer::~MetricsServer() {
  acceptor_.reset();
  checks_.clear();
  connections_.clear();
}

void MetricsServer::accept(sys::UniqueFd fd) {
  if (connections_.size() >= kMaxConnections) {
    // A fresh socket's buffer has room for this; the client learns why instead of a bare reset.
    auto response = http::text_response(503, "too many connections to the metrics endpoint");
    response.close = true;
    const std::string text = http::serialize(response, false);
    (void)::send(fd.get(), text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::shutdown(fd.get(), SHUT_WR);
    return;
  }
  auto connection = std::make_shared<HttpConnection>(loop_, std::move(fd), *this, http::Limits{});
  connections_.emplace(connection.get(), connection);
  connection->start();
}

void MetricsServer::forget(HttpConnection* connection) noexcept {
  loop_.defer([this, connection] { connections_.erase(connection); });
}

void MetricsServer::tick() noexcept {
  const auto now = HttpConnection::Clock::now();
  std::vector<std::shared_ptr<HttpConnection>> idle;
  for (auto& [raw, connection] : connections_) {
    if (!connection->answering() && now - connection->waiting_since() > kIdleTimeout) idle.push_back(connection);
  }
  for (auto& connection : idle) connection->close();
  std::erase_if(checks_, [](const auto& check) { return check->finished(); });
}

void MetricsServer::handle(const http::Request& request, HttpConnection& connection) noexcept {
  if (request.method != "GET" && request.method != "HEAD") {
    auto response = http::text_response(405, "only GET and HEAD are served");
    response.headers.push_back({"Allow", "GET, HEAD"});
    connection.respond(std::move(response));
    return;
  }
  const std::string_view path = request.path();
  if (path == "/metrics") {
    http::Response response;
    response.content_type = std::string(kContentType);
    response.body = registry_.scrape();
    connection.respond(std::move(response));
  } else if (path == "/healthz") {
    check_health(connection);
  } else if (stall_hook_ && path == "/test/stall-worker") {
    stall_worker(request, connection);
  } else {
    connection.respond(http::text_response(404, "this endpoint serves /metrics and /healthz"));
  }
}

void MetricsServer::check_health(HttpConnection& connection) noexcept {
  if (!ready_) {
    connection.respond(http::text_response(503, "not ready"));
    return;
  }
  std::weak_ptr<HttpConnection> weak = connection.shared_from_this();
  auto done = [weak](bool healthy, std::size_t workers, std::size_t replied) {
    auto peer = weak.lock();
    if (!peer || peer->closed()) return;
    if (healthy) {
      peer->respond(http::text_response(200, std::to_string(workers) + " workers answered"));
    } else {
      peer->respond(http::text_response(
          503, std::to_string(replied) + " of " + std::to_string(workers) + " workers answered within a second"));
    }
  };
  try {
    checks_.push_back(HealthCheck::start(loop_, kHealthDeadline, std::move(done)));
  } catch (const std::system_error& e) {  // no timerfd: out of fds
    connection.respond(http::text_response(503, e.what()));
  }
}

void MetricsServer::stall_worker(const http::Request& request, HttpConnection& connection) noexcept {
  const auto worker = number_in(request.query(), "worker");
  const auto ms = number_in(request.query(), "ms");
  event::EventLoop* target = nullptr;
  for_each_loop([&](const LoopCounters& counters) {
    if (worker && counters.role() == LoopRole::worker && counters.index() == *worker) target = counters.loop();
  });
  if (!target || !ms || *ms > kMaxStallMs) {
    connection.respond(http::text_response(400, "want worker=<index>&ms=<0.." + std::to_string(kMaxStallMs) + ">"));
    return;
  }
  spdlog::warn("metrics: test hook: stalling worker {} for {} ms", *worker, *ms);
  const unsigned stall = *ms;
  target->post([stall] { std::this_thread::sleep_for(std::chrono::milliseconds(stall)); });
  connection.respond(
      http::text_response(200, "worker " + std::to_string(*worker) + " stalls for " + std::to_string(stall) + " ms"));
}

}  // namespace chatd::metrics
