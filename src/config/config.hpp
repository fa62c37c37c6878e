// The daemon's configuration: one immutable value built by the loader
// (config_loader.hpp) and shared as std::shared_ptr<const Config> between
// threads. Nobody mutates a Config after load; a reload builds a new one.
// Nothing outside src/config knows the file format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace chatd::config {

// One [[listen]] table: a socket to bind and the protocol spoken on it.
struct ListenSpec {
  std::string address;           // as written, e.g. "0.0.0.0:6667" or "[::1]:6667"
  std::string host;              // "0.0.0.0" / "::1": brackets removed, "*" -> "0.0.0.0"
  std::uint16_t port = 0;        // 1..65535
  std::string protocol = "irc";  // "irc", "line" or "websocket"
  std::string channel;           // "line": the channel every line goes to; "websocket": the
                                 // channel the web client suggests ("" = the page's own)
  std::string welcome;           // "line" only: first line sent on connect
  unsigned idle_flush_ms = 150;  // "line" only: a partial line is complete after this long idle; 0 = never
  bool tls = false;              // TLS on this port ([tls] holds the certificate)
  // "websocket" only: the Origins a WebSocket upgrade may come from (empty: the page's own,
  // i.e. Origin's host equals Host), the static files served to GET/HEAD ("" = none), and the
  // peers whose X-Forwarded-For names the client (numeric addresses).
  std::vector<std::string> allowed_origins;
  std::string web_root;
  std::vector<std::string> trusted_proxies;

  bool operator==(const ListenSpec&) const = default;
};

// One [[bridge]] table: a channel mirrored to an IP multicast group or a UDP broadcast
// address (src/bridge). Validated whole by the loader: kind and destination agree, the
// interface exists, numbers are in range.
struct BridgeSpec {
  std::string channel;              // "#lan"
  std::string kind = "multicast";   // "multicast" or "broadcast"
  std::string group;                // multicast only: 224.0.0.0/4 or ff00::/8
  std::string address;              // broadcast only: an IPv4 broadcast address
  std::uint16_t port = 0;           // 1..65535
  std::string interface;            // a local address ("127.0.0.1") or an interface name ("eth0")
  unsigned ttl = 1;                 // multicast only: IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS
  bool loop = true;                 // multicast only: IP_MULTICAST_LOOP
  std::string format = "text";      // "text": "<nick> text" in UTF-8
  std::size_t max_datagram = 1400;  // payload bytes per datagram, 64..65507

  bool multicast() const noexcept { return kind == "multicast"; }
  // Where datagrams go: the group or the broadcast address.
  const std::string& destination() const noexcept { return multicast() ? group : address; }
  bool operator==(const BridgeSpec&) const = default;
};

struct ServerSection {
  std::string name = "chat.lan";
  std::string network = "chatd";
  std::string motd = "Welcome to chatd";
  std::string motd_file;                      // as written; relative to the config file's directory
  std::vector<std::string> motd_lines;        // resolved MOTD; empty -> ERR_NOMOTD (422)
  unsigned workers = 0;                       // 0 = one per CPU core
  bool io_uring = true;                       // batch a flush's sends through io_uring when it works
  std::string password;                       // empty = no PASS required
  std::string default_channel_modes = "+nt";  // flag modes (imnst) of a newly created channel
};

// One [[channel]] table: a channel that exists from start-up, even when empty.
struct DeclaredChannel {
  std::string name;
  std::string topic;
  std::string modes = "+nt";  // flag modes only (imnst)
  std::string key;            // empty = none
  bool history = true;        // false: nothing of it is stored, CHATHISTORY answers it empty
  bool operator==(const DeclaredChannel&) const = default;
};

// One [[operator]] table: who may become a server operator with OPER (a password, an account
// or both; the loader wants at least one).
struct Operator {
  std::string name;
  std::string password_hash;  // crypt(3): "$y$..." (yescrypt) or "$6$..." (sha512-crypt); "" = none
  std::string account;        // a user logged in to this account needs no password; "" = none
  bool operator==(const Operator&) const = default;
};

struct Limits {
  unsigned nick_length = 30;
  unsigned channel_length = 50;
  unsigned topic_length = 390;
  unsigned ping_interval = 120;          // seconds of silence before we PING
  unsigned ping_timeout = 60;            // seconds to wait for the PONG
  unsigned registration_timeout = 60;    // seconds an unregistered connection may live
  std::size_t sendq = 1048576;           // bytes of unsent output before "SendQ exceeded"
  unsigned max_clients = 10000;          // connections in all; more get "Server is full"
  unsigned max_per_ip = 50;              // connections from one address
  unsigned max_channels_per_user = 50;   // JOINs past this get 405 (CHANLIMIT)
  unsigned flood_lines_per_second = 10;  // sustained command rate before fake lag
  unsigned flood_burst = 30;             // commands a fresh client may send at once
  unsigned flood_bytes_per_second = 4096;
  unsigned flood_bytes_burst = 16384;
  std::size_t recvq = 16384;          // unprocessed input held under fake lag before "Excess Flood"
  unsigned nick_changes_per_10s = 5;  // NICK changes a registered client may make per 10 s
};

// Where chatctl looks by default, and the socket of an [admin] table that names none.
inline constexpr const char* kDefaultAdminSocket = "/run/chatd/admin.sock";

// The chatctl endpoint. Without an [admin] table, socket is empty: no admin endpoint at all.
struct AdminSection {
  std::string socket;           // UNIX socket path, as written (absolute)
  std::string group = "chatd";  // members may use the socket (mode 0660); root always may
  unsigned idle_timeout = 60;   // seconds a connected peer may stay silent before it is closed
};

// Where chatd keeps what must outlive a restart (today: channel history).
struct StorageSection {
  // SQLite database file; "" = memory only. A relative path is relative to $STATE_DIRECTORY
  // (systemd's StateDirectory=, /var/lib/chatd) or, without it, to the working directory.
  std::string path;
};

// Channel history (IRCv3 draft/chathistory, replay on join).
struct HistorySection {
  bool enabled = true;
  unsigned channel_lines = 2048;  // kept per channel, oldest dropped first
  unsigned max_age_days = 30;     // older lines are deleted; 0 = no age limit
  unsigned replay_on_join = 0;    // lines replayed on JOIN to clients without chathistory
};

// [accounts]: who is who. Accounts live in the [storage] database, created with chatctl and,
// when registration is "open", by clients with IRCv3 REGISTER.
struct AccountsSection {
  bool enabled = false;               // off: no account thread, no sasl capability, the tables are not read
  bool require_tls_for_plain = true;  // SASL PLAIN refused on plaintext connections except from loopback
  // Who creates accounts: "admin" (chatctl only; REGISTER is answered FAIL ... DISALLOWED),
  // "open" (REGISTER from any client too, draft/account-registration offered) or "off"
  // (chatctl only; REGISTER and VERIFY are unknown commands, as on a server without them).
  std::string registration = "admin";
  // Whether a nick that is someone's account name belongs to them: "off" (no), "rename" (a
  // user on it who is not logged in to that account is renamed to GuestNNNNN after
  // reservation_grace seconds) or "strict" (such a user cannot take it at all). Either way
  // the owner, once logged in, may take it back from whoever holds it.
  std::string nick_reservation = "rename";
  unsigned reservation_grace = 30;

  bool operator==(const AccountsSection&) const = default;
};

// [tls]: the certificate every `tls = true` listener presents. Paths as written (relative ones
// are resolved against the config file's directory by the loader); the files themselves are
// read by tls::TlsContext, at start-up and on every reload.
struct TlsSection {
  std::string certificate;     // PEM: the leaf first, then its chain
  std::string key;             // PEM private key of the leaf
  std::uint16_t sts_port = 0;  // IRCv3 sts on plaintext connections: where TLS is; 0 = no sts
  unsigned sts_duration = 0;   // sts on TLS connections: seconds a client keeps the policy

  bool operator==(const TlsSection&) const = default;
};

// The address [metrics] serves on when its table names none.
inline constexpr const char* kDefaultMetricsAddress = "127.0.0.1:9477";

// The HTTP endpoint for Prometheus (/metrics) and health checks (/healthz). Without a [metrics]
// table, or with address = "", there is none.
struct MetricsSection {
  std::string address;     // as written; empty = off
  std::string host;        // parsed from address, without brackets
  std::uint16_t port = 0;  // parsed from address
};

// [cluster]: this node's place in a network of chatd nodes sharing one NATS (JetStream)
// cluster (doc/CLUSTER.md). Absent: a standalone chatd. Read once at start-up; a reload that
// changes it is refused for those keys (a restart moves a node).
struct ClusterSection {
  std::string node;                      // unique name of this node in the network
  std::vector<std::string> nats;         // server URLs, tried in order and on reconnect
  std::string credentials;               // NATS .creds file (JWT + nkey seed); empty: none
  std::string subject_prefix = "chatd";  // one chat network per prefix on a shared NATS
  unsigned replicas = 1;                 // JetStream replicas; default 3 when nats names 3+
  unsigned node_timeout = 10;            // seconds without a heartbeat before a node is dead

  bool operator==(const ClusterSection&) const = default;
};

struct LogSection {
  std::string level = "info";  // trace|debug|info|warn|error|critical|off
};

struct Config {
  std::string source;  // the file path, or the name given to parse_config
  ServerSection server;
  std::vector<ListenSpec> listen;  // never empty in a loaded Config
  Limits limits;
  AdminSection admin;
  std::optional<TlsSection> tls;  // no [tls] table: no listener may use TLS
  MetricsSection metrics;
  LogSection log;
  StorageSection storage;
  HistorySection history;
  AccountsSection accounts;
  std::optional<ClusterSection> cluster;  // no [cluster] table: standalone
  std::vector<BridgeSpec> bridges;        // [[bridge]]; may be empty
  std::vector<DeclaredChannel> channels;
  std::vector<Operator> operators;
};

// Every problem found in one configuration, each formatted
// "<source>:<line>: <key path>: <reason>"; what() joins them with '\n' so a
// single log line or stderr dump shows the whole list.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<std::string> errors);
  const std::vector<std::string>& errors() const noexcept;

 private:
  std::vector<std::string> errors_;
};

}  // namespace chatd::config
