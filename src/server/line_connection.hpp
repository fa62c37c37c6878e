// LineConnection: a bare TCP client (netcat, the lab's Python client) that chats in one
// channel, one line in and one line out. Underneath it is an ordinary IRC session with a
// guest nick: each text line becomes a PRIVMSG to the listener's channel, and what the
// channel says comes back as "nick: text". A few slash commands (/nick, /me, /names, /join,
// /quit) cover what a plain client needs. Lines need no line end: a pause ends them too
// (listen.idle_flush_ms), and what is pending when the client leaves is its last line.
//
// Thread rules: loop-only (its worker's loop).
#pragma once

#include "chat/endpoint.hpp"
#include "config/config.hpp"
#include "irc/session.hpp"
#include "net/connection.hpp"
#include "net/worker.hpp"
#include "sys/socket_address.hpp"

namespace chatd::server {

class LineConnection final : public net::Connection, public chat::Endpoint, public irc::Session {
 public:
  // `transport` null: plain TCP.
  LineConnection(net::Worker& worker, sys::UniqueFd fd, const sys::SocketAddress& peer, irc::ServerContext& context,
                 const config::ListenSpec& spec, std::unique_ptr<net::Transport> transport = nullptr);

  // Lines arrive formatted for IRC; a line client gets them translated to plain text.
  void deliver(const chat::SharedLine& line) noexcept override;
  void send(std::string line) noexcept override;
  void quit(std::string_view reason) noexcept override { close(reason); }
  std::shared_ptr<chat::Endpoint> endpoint() noexcept override {
    return std::shared_ptr<chat::Endpoint>(shared_from_this(), static_cast<chat::Endpoint*>(this));
  }
  const chat::Endpoint* endpoint_ptr() const noexcept override { return this; }
  void charge_flood(std::size_t extra_lines) noexcept override { spend_flood_tokens(static_cast<double>(extra_lines)); }

 private:
  void on_open() noexcept override;
  bool on_line(std::string_view line) noexcept override;
  bool on_overlong() noexcept override;
  void on_closed(std::string_view reason) noexcept override;
  void say(std::string_view text) noexcept;
  // Whether `irc_line` is a KICK of this client (then it is told how to come back).
  bool kicks_me(std::string_view irc_line) const;
  void slash_command(std::string_view line) noexcept;
  void command(const std::string& irc_line) noexcept { handle_line(irc_line); }

  std::string channel_;
  std::string welcome_;
};

}  // namespace chatd::server
