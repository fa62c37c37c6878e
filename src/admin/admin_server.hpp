// AdminServer: the admin endpoint. A UNIX stream socket (mode 0660, group from [admin]) served
// on the main loop, where requests are small and rare; workers never wait for it. A stale
// socket file left by a crash is replaced at start-up; the file is removed on shutdown.
// It hosts its AdminConnections as a worker hosts chat clients (net::ConnectionHost). At most
// kMaxConnections are open at once, and the last slot is kept for root, so scripts that leak
// connections cannot lock the administrator out; idle ones are closed after
// [admin] idle_timeout.
//
// Thread rules: loop-only (the main loop). Construct before the workers start (it narrows
// the process umask for a moment while binding); destroy when no event batch is running
// (after the loop has stopped), since it frees its connections at once.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "admin/access_policy.hpp"
#include "admin/commands.hpp"
#include "config/config.hpp"
#include "event/event_loop.hpp"
#include "event/timer.hpp"
#include "net/acceptor.hpp"
#include "net/connection_host.hpp"

namespace chatd::admin {

class AdminConnection;

class AdminServer final : public net::ConnectionHost {
 public:
  // Connections open at once (every operator plus scripts); the last one only for root.
  static constexpr std::size_t kMaxConnections = 32;

  // Binds the socket; throws std::system_error (or std::runtime_error when the path is in use
  // by a running server, or is not a socket).
  AdminServer(event::EventLoop& loop, const config::AdminSection& config, CommandContext context);
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  std::string answer(std::string_view line, const Peer& peer) { return handle_request(context_, line, peer); }
  // The current [admin] idle_timeout (a reload applies it).
  std::chrono::seconds idle_timeout() const;

  // net::ConnectionHost. Requests are answered synchronously, so one read buffer is enough,
  // and a dirty connection is flushed right after the current batch of events.
  event::EventLoop& loop() noexcept override { return loop_; }
  std::span<char> scratch() noexcept override { return scratch_; }
  void mark_dirty(std::shared_ptr<net::Connection> connection) noexcept override;
  void throttle(std::shared_ptr<net::Connection> connection) noexcept override;
  void forget(net::Connection* connection) noexcept override;

 private:
  void accept(sys::UniqueFd fd);
  void tick() noexcept;

  event::EventLoop& loop_;
  std::string path_;
  dev_t device_ = 0;  // identify our socket file, so we never unlink a successor's
  ino_t inode_ = 0;
  AccessPolicy policy_;
  CommandContext context_;
  std::unique_ptr<net::Acceptor> acceptor_;
  std::unordered_map<net::Connection*, std::shared_ptr<AdminConnection>> connections_;
  std::vector<char> scratch_;
  event::Timer ticker_;  // idle timeouts
};

}  // namespace chatd::admin
