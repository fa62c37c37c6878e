// IrcConnection: a TCP connection that speaks the IRC client protocol. It joins the byte
// side (net::Connection: reading, queuing, flushing) to the protocol side (irc::Session:
// commands and chat state) and runs the ping and registration timers.
//
// Thread rules: loop-only (its worker's loop), like both of its halves.
#pragma once

#include "irc/session.hpp"
#include "net/connection.hpp"

namespace chatd::server {

class IrcConnection final : public net::Connection, public irc::Session {
 public:
  IrcConnection(net::Worker& worker, sys::UniqueFd fd, const sys::SocketAddress& peer, irc::ServerContext& context);

  void send(std::string line) noexcept override { net::Connection::send(std::move(line)); }
  void quit(std::string_view reason) noexcept override { close(reason); }
  std::shared_ptr<chat::Endpoint> endpoint() noexcept override { return shared_from_this(); }
  const chat::Endpoint* endpoint_ptr() const noexcept override { return this; }
  void charge_flood(std::size_t extra_lines) noexcept override { spend_flood_tokens(static_cast<double>(extra_lines)); }
  void deliver_variant(const chat::LineVariants& variants) noexcept override;
  void disconnect(std::string_view reason) noexcept override { close(reason); }

  void on_tick(Clock::time_point now) noexcept override;

 private:
  void on_open() noexcept override;
  bool on_line(std::string_view line) noexcept override;
  bool on_overlong() noexcept override;
  void on_closed(std::string_view reason) noexcept override;
};

}  // namespace chatd::server
