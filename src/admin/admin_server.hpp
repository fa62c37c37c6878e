// AdminServer: the admin endpoint. A UNIX stream socket (mode 0660, group from [admin]) served
// on the main loop, where requests are small and rare; workers never wait for it. A stale
// socket file left by a crash is replaced at start-up; the file is removed on shutdown.
//
// Thread rules: loop-only (the main loop). Construct before the workers start (it narrows
// the process umask for a moment while binding); destroy when no event batch is running
// (after the loop has stopped), since it frees its connections at once.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "admin/access_policy.hpp"
#include "admin/commands.hpp"
#include "config/config.hpp"
#include "event/event_loop.hpp"
#include "net/acceptor.hpp"

namespace chatd::admin {

class AdminConnection;

class AdminServer {
 public:
  // Binds the socket; throws std::system_error (or std::runtime_error when the path is in use
  // by a running server, or is not a socket).
  AdminServer(event::EventLoop& loop, const config::AdminSection& config, CommandContext context);
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  event::EventLoop& loop() noexcept { return loop_; }
  std::string answer(std::string_view line, const Peer& peer) { return handle_request(context_, line, peer); }
  // Called by a connection as it closes: frees it after the current batch.
  void forget(AdminConnection* connection) noexcept;
  // Shared read buffer: requests are handled synchronously, so one is enough.
  std::span<char> scratch() noexcept { return scratch_; }

 private:
  void accept(sys::UniqueFd fd);

  event::EventLoop& loop_;
  std::string path_;
  dev_t device_ = 0;  // identify our socket file, so we never unlink a successor's
  ino_t inode_ = 0;
  AccessPolicy policy_;
  CommandContext context_;
  std::unique_ptr<net::Acceptor> acceptor_;
  std::unordered_map<AdminConnection*, std::unique_ptr<AdminConnection>> connections_;
  std::vector<char> scratch_;
};

}  // namespace chatd::admin
