// AdminConnection: one chatctl (or script) connected to the admin socket. It is a
// net::Connection like any chat client's (the same read loop, line reader, output queue and
// state), hosted by AdminServer on the main loop. Each request line (at most
// kMaxRequestBytes; a longer one gets an error reply and is skipped) gets one reply line.
// When the peer is done sending, the connection drains: it answers what was asked, then
// closes. A peer that AccessPolicy refuses gets the refusal as its only reply. A peer that
// stays silent for [admin] idle_timeout seconds is closed, so a leaking script cannot hold
// the socket's slots.
//
// Thread rules: loop-only (the main loop). Owned by AdminServer, freed after the batch.
#pragma once

#include <string>

#include "admin/commands.hpp"
#include "net/connection.hpp"

namespace chatd::admin {

class AdminServer;

class AdminConnection final : public net::Connection {
 public:
  // `refusal` empty: the peer may run commands.
  AdminConnection(AdminServer& server, sys::UniqueFd fd, Peer peer, std::string refusal);

  const Peer& peer() const noexcept { return peer_; }
  void on_tick(Clock::time_point now) noexcept override;

 private:
  void on_open() noexcept override;
  bool on_line(std::string_view line) noexcept override;
  bool on_overlong() noexcept override;
  void on_closed(std::string_view) noexcept override {}  // nothing to say: the peer is a tool
  void on_peer_closed() noexcept override { drain(); }

  AdminServer& server_;
  Peer peer_;
  std::string refusal_;
};

}  // namespace chatd::admin
