// IrcConnection: a TCP connection that speaks the IRC client protocol. It joins the byte
// side (net::Connection: reading, queuing, flushing) to the protocol side (irc::Session:
// commands and chat state) and runs the ping and registration timers.
//
// Thread rules: loop-only (its worker's loop), like both of its halves.
#pragma once

#include "chat/endpoint.hpp"
#include "irc/session.hpp"
#include "net/connection.hpp"
#include "net/worker.hpp"
#include "sys/socket_address.hpp"

namespace chatd::server {

class IrcConnection final : public net::Connection, public chat::Endpoint, public irc::Session {
 public:
  // `transport` null: plain TCP.
  IrcConnection(net::Worker& worker, sys::UniqueFd fd, const sys::SocketAddress& peer, irc::ServerContext& context,
                std::unique_ptr<net::Transport> transport = nullptr);

  // Replies. Like deliver(), they pass through the labeled response while one is open.
  void send(std::string line) noexcept override;
  // Every line for this client passes here, replies and channel traffic alike, so the replies
  // to a labeled command (its own JOIN, an echo-message) are labeled wherever they came from.
  void deliver(const chat::SharedLine& line) noexcept override;
  void quit(std::string_view reason) noexcept override { close(reason); }
  std::shared_ptr<chat::Endpoint> endpoint() noexcept override {
    return std::shared_ptr<chat::Endpoint>(shared_from_this(), static_cast<chat::Endpoint*>(this));
  }
  const chat::Endpoint* endpoint_ptr() const noexcept override { return this; }
  void charge_flood(std::size_t extra_lines) noexcept override { spend_flood_tokens(static_cast<double>(extra_lines)); }
  std::weak_ptr<irc::Session> weak_session() noexcept override {
    return std::shared_ptr<irc::Session>(shared_from_this(), static_cast<irc::Session*>(this));
  }
  void deliver_variant(const chat::LineVariants& variants) noexcept override;
  void disconnect(std::string_view reason) noexcept override { close(reason); }
  void yield_nick(std::string_view folded) noexcept override;

  void on_tick(Clock::time_point now) noexcept override;

 private:
  void on_open() noexcept override;
  bool on_line(std::string_view line) noexcept override;
  bool on_overlong() noexcept override;
  void on_closed(std::string_view reason) noexcept override;
};

}  // namespace chatd::server
