#include "admin/admin_connection.hpp"

#include <spdlog/spdlog.h>

#include <limits>

#include "admin/admin_server.hpp"

namespace chatd::admin {

namespace {
// A client that stops reading its replies is dropped once this much is waiting for it.
constexpr std::size_t kMaxQueuedReplies = 4 * 1024 * 1024;

// Admin peers are trusted not to flood (the socket is root/group-only); the bucket is there
// because Connection has one, with rates no script reaches.
net::ConnectionLimits admin_limits() {
  net::ConnectionLimits limits;
  limits.sendq = kMaxQueuedReplies;
  limits.recvq = kMaxRequestBytes;
  limits.flood.lines_per_second = limits.flood.line_burst = 1e6;
  limits.flood.bytes_per_second = limits.flood.byte_burst = 1e9;
  limits.count_traffic = false;  // chatctl's bytes are not client traffic
  return limits;
}
}  // namespace

AdminConnection::AdminConnection(AdminServer& server, sys::UniqueFd fd, Peer peer, std::string refusal)
    : net::Connection(server, std::move(fd), "uid " + std::to_string(peer.uid), kMaxRequestBytes, admin_limits()),
      server_(server),
      peer_(peer),
      refusal_(std::move(refusal)) {}

void AdminConnection::on_open() noexcept {
  if (refusal_.empty()) return;
  // Refused at once, not at the first request: an idle refused peer must not hold a slot.
  // The reply stays readable after our close, so the client sees why.
  spdlog::warn("admin: uid {} pid {} refused: {}", peer_.uid, peer_.pid, refusal_);
  send(error_reply(Error(refusal_), nullptr));
  drain();
}

bool AdminConnection::on_line(std::string_view line) noexcept {
  if (line.find_first_not_of(" \t") == std::string_view::npos) return true;  // blank lines are free
  send(server_.answer(line, peer_));
  return state() == State::reading;
}

bool AdminConnection::on_overlong() noexcept {
  send(error_reply(Error("request too long: more than " + std::to_string(kMaxRequestBytes) + " bytes in one line"),
                   nullptr));
  return state() == State::reading;
}

void AdminConnection::on_tick(Clock::time_point now) noexcept {
  if (state() != State::reading) return;
  const auto idle = server_.idle_timeout();
  if (now - last_input() < idle) return;
  spdlog::info("admin: uid {} pid {} idle for {} s; closing", peer_.uid, peer_.pid, idle.count());
  close("Idle");
}

}  // namespace chatd::admin
