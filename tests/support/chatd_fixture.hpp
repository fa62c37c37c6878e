// Chatd: the black-box tests' one fixture. A real chatd on ports of its own, started on a config
// built from a ChatdConfig (server keys, workers, limits, extra listeners, any other TOML), with
// helpers to connect and register clients. Built on ChatdProcess and IrcClient; stopped (and
// reaped) when it goes out of scope.
//
//   Chatd chatd;                                          // defaults: 2 workers, one IRC listener
//   Chatd chatd({.limits = "max_clients = 2\n"});
//   Chatd chatd({.server = "motd = \"hi\"\n", .workers = 4});
//   IrcClient alice = chatd.registered("alice");
//
// Use from the test's own thread only, like IrcClient.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/chatd_process.hpp"
#include "support/irc_client.hpp"

namespace chatd::test {

// A [[listen]] table beyond the fixture's IRC listener, on a free port of its own.
struct Listener {
  std::string protocol = "irc";
  std::string keys;  // more keys for its table, e.g. "channel = \"#lobby\"\n"
  std::uint16_t port = free_port();
};

// What goes into chatd.toml. TOML forbids opening a table twice, so keys for [server] and
// [limits] go in their fields, never into `extra`.
struct ChatdConfig {
  std::string name = "test.chatd";      // [server] name
  std::string server;                   // keys added to [server] after name (and workers)
  std::optional<unsigned> workers = 2;  // std::nullopt: no key (chatd's default, one per core)
  std::string limits;                   // keys for [limits]; no table when empty
  std::vector<Listener> listeners;      // after the IRC listener on the fixture's port
  std::string extra;                    // appended verbatim: [[channel]], [[operator]], [admin]...

  // The whole file, with the IRC listener on 127.0.0.1:<port>.
  std::string text(std::uint16_t port) const;
};

struct Chatd {
  // Starts chatd and waits until its last listener accepts (listeners open in config order).
  explicit Chatd(ChatdConfig config = {}, ChatdOptions options = {});
  // On a given IRC port (a restarted daemon that its clients find where it was).
  Chatd(ChatdConfig config, ChatdOptions options, std::uint16_t port);
  // The older form: `server_keys` into [server], `extra` appended (protocol.hpp's make_config).
  explicit Chatd(std::string_view server_keys, std::string_view extra = "");

  IrcClient connect() const { return IrcClient(port); }
  // Connected and registered (IrcClient::register_as); `welcome` gets the lines it received.
  IrcClient registered(std::string_view nick) const;
  IrcClient registered(std::string_view nick, std::vector<std::string>& welcome) const;
  // Several registered clients, in order: auto [alice, bob] = chatd.users("alice", "bob");
  template <class... Nick>
  std::array<IrcClient, sizeof...(Nick)> users(const Nick&... nicks) const {
    return {registered(nicks)...};
  }

  // Rewrites chatd.toml from `next` on the same IRC port (then SIGHUP or `chatctl reload`).
  // Start from a copy of `config` to keep the extra listeners' ports.
  void write_config(ChatdConfig next);

  std::uint16_t port;  // the IRC listener's
  ChatdConfig config;  // as last written
  ChatdProcess process;
};

// Waits (bounded) until chatd's log contains `needle`: a reload done, a bridge open.
bool wait_for_log(const ChatdProcess& chatd, std::string_view needle, int timeout_ms = 3000);

}  // namespace chatd::test
