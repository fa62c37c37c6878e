// MetricsServer: the HTTP endpoint of [metrics] address, on the main loop. GET /metrics
// answers the Registry's scrape (Prometheus text format 0.0.4); GET /healthz answers 200 when
// the server is ready and every worker loop answered within a second, 503 otherwise. Only GET
// and HEAD are served (others: 405), other paths are 404, malformed requests 400, oversized
// heads 431. At most kMaxConnections clients at once (more are told 503 and closed), and a
// request must arrive whole within kIdleTimeout of the connection or of the previous answer,
// or the connection is closed (idle keep-alive and slowloris alike).
//
// With the stall hook on (metrics/test_hooks.hpp; tests only), GET /test/stall-worker?worker=N&ms=M
// makes worker N sleep M milliseconds, so a test can see /healthz turn 503.
//
// Thread rules: loop-only (the main loop). Destroy after the loop stopped, or from it.
#pragma once

#include <chrono>
#include <memory>
#include <unordered_map>
#include <vector>

#include "event/event_loop.hpp"
#include "event/timer.hpp"
#include "metrics/health_check.hpp"
#include "metrics/http_connection.hpp"
#include "metrics/registry.hpp"
#include "net/acceptor.hpp"
#include "sys/socket_address.hpp"

namespace chatd::metrics {

class MetricsServer final : public HttpConnection::Host {
 public:
  static constexpr std::size_t kMaxConnections = 16;
  static constexpr std::chrono::seconds kIdleTimeout{10};
  static constexpr std::chrono::milliseconds kHealthDeadline{1000};

  // Binds `address`; throws std::system_error when it cannot.
  MetricsServer(event::EventLoop& loop, const sys::SocketAddress& address, const Registry& registry, bool stall_hook);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Ready: started and not shutting down. /healthz is 503 while not.
  void set_ready(bool ready) noexcept { ready_ = ready; }
  const sys::SocketAddress& address() const noexcept { return address_; }

  void handle(const http::Request& request, HttpConnection& connection) noexcept override;
  void forget(HttpConnection* connection) noexcept override;

 private:
  void accept(sys::UniqueFd fd);
  void tick() noexcept;
  void check_health(HttpConnection& connection) noexcept;
  void stall_worker(const http::Request& request, HttpConnection& connection) noexcept;

  event::EventLoop& loop_;
  sys::SocketAddress address_;
  const Registry& registry_;
  const bool stall_hook_;
  bool ready_ = false;
  std::unique_ptr<net::Acceptor> acceptor_;
  std::unordered_map<HttpConnection*, std::shared_ptr<HttpConnection>> connections_;
  std::vector<std::shared_ptr<HealthCheck>> checks_;
  event::Timer ticker_;
};

}  // namespace chatd::metrics
