#include "config/config_loader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <utility>

#include "config/address.hpp"
#include "config/bridge_section.hpp"
#include "config/cluster_section.hpp"
#include "config/tls_section.hpp"
#include "config/toml_reader.hpp"
#include "config/value_checks.hpp"
#include "irc/limits.hpp"
#include "sys/unique_fd.hpp"

namespace chatd::config {
namespace {

constexpr std::size_t kMaxServerNameLength = 63;
constexpr std::string_view kDefaultLineWelcome = "Welcome to chatd";
constexpr std::int64_t kMaxSendq = std::int64_t{1} << 30;
// A pause longer than a minute is no longer "the client never ends its lines".
constexpr std::int64_t kMaxIdleFlushMs = 60000;

std::string check_server_name(std::string_view value) {
  if (std::string reason = check_word(value); !reason.empty()) return reason;
  if (value.size() > kMaxServerNameLength) {
    return "must be at most " + std::to_string(kMaxServerNameLength) + " characters (got " +
           std::to_string(value.size()) + ")";
  }
  // These would make the name parse as a nick!user@host mask or a list/wildcard.
  if (const auto bad = value.find_first_of("!@,*?"); bad != std::string_view::npos) {
    return std::string("must not contain '") + value[bad] + "'";
  }
  return {};
}

std::string check_password(std::string_view value) {
  for (char c : value) {
    if (is_control(c)) return "must not contain control characters";
  }
  return {};
}

// Channel flag modes as "+nt": only the parameterless ones, which need nothing else to apply.
std::string check_flag_modes(std::string_view value) {
  if (!value.empty() && value.front() == '+') value.remove_prefix(1);
  for (char c : value) {
    if (irc::kFlagModes.find(c) == std::string_view::npos) {
      return std::string("unknown or parameterised mode '") + c + "' (allowed: " + std::string(irc::kFlagModes) + ")";
    }
  }
  return {};
}

// Empty means no key, as when the key is left out.
std::string check_key(std::string_view value) {
  if (value.empty()) return {};
  if (std::string reason = check_word(value); !reason.empty()) return reason;
  if (value.find(',') != std::string_view::npos || value.front() == ':')
    return "must not contain ',' or start with ':'";
  if (value.size() > irc::kKeyLength) return "must be at most " + std::to_string(irc::kKeyLength) + " characters";
  return {};
}

// A crypt(3) string such as "$y$j9T$salt$hash"; the hash itself is checked when used.
std::string check_crypt_hash(std::string_view value) {
  if (std::string reason = check_word(value); !reason.empty()) return reason;
  if (value.front() != '$') return "must be a crypt(3) hash such as \"$y$...\" (see chatd --hash-password)";
  return {};
}

// POSIX read rather than iostreams so a failure can be reported with strerror.
std::optional<std::string> read_whole_file(const std::string& path, int& error) {
  const sys::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    error = errno;
    return std::nullopt;
  }
  std::string content;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      error = errno;
      return std::nullopt;
    }
    content.append(buffer, static_cast<std::size_t>(n));
  }
  return content;
}

// One MOTD line per '\n'; CRLF files and a final newline must not produce
// stray '\r's or an empty last line.
std::vector<std::string> split_motd(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  std::vector<std::string> lines;
  if (text.empty()) return lines;
  std::size_t start = 0;
  for (;;) {
    const auto end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

// --- sections: each is one function listing its keys ----------------------

void read_server(TomlReader& r, const toml::node& node, const std::string& path, ServerSection& s) {
  r.read_table(node, path,
               {
                   {"name", r.string_field(s.name, check_server_name)},
                   {"network", r.string_field(s.network, check_word)},
                   {"motd", r.string_field(s.motd)},
                   {"motd_file", r.string_field(s.motd_file)},
                   {"workers", r.uint_field(s.workers, 0, 256)},
                   {"io_uring", r.bool_field(s.io_uring)},
                   {"password", r.string_field(s.password, check_password)},
                   {"default_channel_modes", r.string_field(s.default_channel_modes, check_flag_modes)},
               });
}

void read_channels(TomlReader& r, const toml::node& node, const std::string& path, std::vector<DeclaredChannel>& out) {
  r.read_table_array(node, path, [&](const toml::node& element, std::size_t, const std::string& element_path) {
    DeclaredChannel channel;
    r.read_table(element, element_path,
                 {
                     {"name", r.string_field(channel.name, check_channel), true},
                     {"topic", r.string_field(channel.topic)},
                     {"modes", r.string_field(channel.modes, check_flag_modes)},
                     {"key", r.string_field(channel.key, check_key)},
                     {"history", r.bool_field(channel.history)},
                 });
    out.push_back(std::move(channel));
  });
}

void read_operators(TomlReader& r, const toml::node& node, const std::string& path, std::vector<Operator>& out) {
  r.read_table_array(node, path, [&](const toml::node& element, std::size_t, const std::string& element_path) {
    Operator oper;
    r.read_table(element, element_path,
                 {
                     {"name", r.string_field(oper.name, check_word), true},
                     {"password_hash", r.string_field(oper.password_hash, check_crypt_hash)},
                     // "" (the default) names no account.
                     {"account",
                      r.string_field(oper.account, [](std::string_view v) { return v.empty() ? "" : check_word(v); })},
                 });
    if (oper.password_hash.empty() && oper.account.empty()) {
      r.error(element, element_path, "needs password_hash, account or both");
    }
    out.push_back(std::move(oper));
  });
}

void read_limits(TomlReader& r, const toml::node& node, const std::string& path, Limits& l) {
  r.read_table(node, path,
               {
                   {"nick_length", r.uint_field(l.nick_length, 9, 64)},
                   {"channel_length", r.uint_field(l.channel_length, 2, 200)},
                   {"topic_length", r.uint_field(l.topic_length, 1, 400)},
                   {"ping_interval", r.uint_field(l.ping_interval, 1, 86400)},
                   {"ping_timeout", r.uint_field(l.ping_timeout, 1, 86400)},
                   {"registration_timeout", r.uint_field(l.registration_timeout, 1, 3600)},
                   {"sendq", r.uint_field(l.sendq, 4096, kMaxSendq)},
                   {"max_clients", r.uint_field(l.max_clients, 1, 1000000)},
                   {"max_per_ip", r.uint_field(l.max_per_ip, 1, 1000000)},
                   {"max_channels_per_user", r.uint_field(l.max_channels_per_user, 1, 10000)},
                   {"flood_lines_per_second", r.uint_field(l.flood_lines_per_second, 1, 100000)},
                   {"flood_burst", r.uint_field(l.flood_burst, 1, 100000)},
                   {"flood_bytes_per_second", r.uint_field(l.flood_bytes_per_second, 512, 1 << 30)},
                   {"flood_bytes_burst", r.uint_field(l.flood_bytes_burst, 512, 1 << 30)},
                   {"recvq", r.uint_field(l.recvq, 1024, kMaxSendq)},
                   {"nick_changes_per_10s", r.uint_field(l.nick_changes_per_10s, 1, 1000)},
               });
}

std::string check_socket_path(std::string_view value) {
  if (value.empty() || value.front() != '/') return "must be an absolute path (got " + in_quotes(value) + ")";
  // sun_path holds 108 bytes including the NUL.
  if (value.size() > 107) return "must be at most 107 bytes (got " + std::to_string(value.size()) + ")";
  return {};
}

void read_admin(TomlReader& r, const toml::node& node, const std::string& path, AdminSection& a) {
  r.read_table(node, path,
               {
                   {"socket", r.string_field(a.socket, check_socket_path)},
                   {"group", r.string_field(a.group, check_word)},
                   {"idle_timeout", r.uint_field(a.idle_timeout, 1, 86400)},
               });
  if (!r.has(path + ".socket")) a.socket = kDefaultAdminSocket;
}

void read_metrics(TomlReader& r, const toml::node& node, const std::string& path, MetricsSection& m) {
  const auto read_address = [&](const toml::node& value, const std::string& key_path) {
    auto text = r.get_string(value, key_path);
    if (!text) return;
    m.address = *text;
    if (m.address.empty()) return;  // off
    std::string reason;
    if (auto host_port = parse_host_port(*text, reason)) {
      m.host = std::move(host_port->host);
      m.port = host_port->port;
    } else {
      r.error(value, key_path, std::move(reason));
    }
  };
  r.read_table(node, path, {{"address", read_address}});
  if (!r.has(path + ".address")) {
    std::string ignored;
    auto host_port = parse_host_port(kDefaultMetricsAddress, ignored);
    m.address = kDefaultMetricsAddress;
    m.host = host_port->host;
    m.port = host_port->port;
  }
}

void read_log(TomlReader& r, const toml::node& node, const std::string& path, LogSection& l) {
  r.read_table(node, path,
               {
                   {"level", r.one_of_field(l.level, {"trace", "debug", "info", "warn", "error", "critical", "off"})},
               });
}

std::string check_storage_path(std::string_view value) {
  if (value.find('\0') != std::string_view::npos) return "must not contain NUL";
  if (!value.empty() && value.back() == '/') return "must name a file, not a directory (got " + in_quotes(value) + ")";
  return {};
}

void read_storage(TomlReader& r, const toml::node& node, const std::string& path, StorageSection& s) {
  r.read_table(node, path, {{"path", r.string_field(s.path, check_storage_path)}});
}

void read_history(TomlReader& r, const toml::node& node, const std::string& path, HistorySection& h) {
  r.read_table(node, path,
               {
                   {"enabled", r.bool_field(h.enabled)},
                   {"channel_lines", r.uint_field(h.channel_lines, 1, 1000000)},
                   {"max_age_days", r.uint_field(h.max_age_days, 0, 36500)},
                   {"replay_on_join", r.uint_field(h.replay_on_join, 0, 100)},
               });
}

void read_accounts(TomlReader& r, const toml::node& node, const std::string& path, AccountsSection& a) {
  r.read_table(node, path,
               {
                   {"enabled", r.bool_field(a.enabled)},
                   {"require_tls_for_plain", r.bool_field(a.require_tls_for_plain)},
                   {"registration", r.one_of_field(a.registration, {"admin", "open", "off"})},
                   {"nick_reservation", r.one_of_field(a.nick_reservation, {"off", "rename", "strict"})},
                   {"reservation_grace", r.uint_field(a.reservation_grace, 5, 3600)},
               });
}

void read_one_listener(TomlReader& r, const toml::node& node, const std::string& path, std::vector<ListenSpec>& out) {
  ListenSpec spec;
  bool protocol_ok = true;
  const auto read_address = [&](const toml::node& value, const std::string& key_path) {
    auto text = r.get_string(value, key_path);
    if (!text) return;
    spec.address = *text;
    std::string reason;
    if (auto host_port = parse_host_port(*text, reason)) {
      spec.host = std::move(host_port->host);
      spec.port = host_port->port;
    } else {
      r.error(value, key_path, std::move(reason));
    }
  };
  const auto read_protocol = r.one_of_field(spec.protocol, {"irc", "line", "websocket"});
  r.read_table(node, path,
               {
                   {"address", read_address, true},
                   {"protocol",
                    [&](const toml::node& value, const std::string& key_path) {
                      read_protocol(value, key_path);
                      // A refused value leaves the default "irc" behind; don't judge by it.
                      protocol_ok = value.value<std::string>() == spec.protocol;
                    }},
                   {"channel", r.string_field(spec.channel, check_channel)},
                   {"welcome", r.string_field(spec.welcome)},
                   {"tls", r.bool_field(spec.tls)},
                   {"idle_flush_ms", r.uint_field(spec.idle_flush_ms, 0, kMaxIdleFlushMs)},
                   {"allowed_origins", r.string_list_field(spec.allowed_origins, check_origin)},
                   {"web_root", r.string_field(spec.web_root, check_web_root)},
                   {"trusted_proxies", r.string_list_field(spec.trusted_proxies, check_numeric_address)},
               });

  if (protocol_ok && spec.protocol == "line") {
    if (!r.has(path + ".channel")) {
      r.error(node, path + ".channel", "required for protocol \"line\"");
    }
    if (!r.has(path + ".welcome")) spec.welcome = kDefaultLineWelcome;
  } else if (protocol_ok) {
    // A websocket listener's channel is the one its web client suggests.
    if (spec.protocol != "websocket" && r.has(path + ".channel")) {
      r.error(r.line_of(path + ".channel"), path + ".channel", "only allowed with protocol \"line\" or \"websocket\"");
    }
    for (const char* key : {".welcome", ".idle_flush_ms"}) {
      if (r.has(path + key)) {
        r.error(r.line_of(path + key), path + key, "only allowed with protocol \"line\"");
      }
    }
  }
  if (protocol_ok && spec.protocol != "websocket") {
    for (const char* key : {".allowed_origins", ".web_root", ".trusted_proxies"}) {
      if (r.has(path + key)) {
        r.error(r.line_of(path + key), path + key, "only allowed with protocol \"websocket\"");
      }
    }
  }
  out.push_back(std::move(spec));
}

void read_listen(TomlReader& r, const toml::node& node, const std::string& path, std::vector<ListenSpec>& out) {
  r.read_table_array(node, path, [&](const toml::node& element, std::size_t index, const std::string& element_path) {
    // Keep out[i] == listen[i] for later messages even if a non-table was skipped.
    if (out.size() < index) out.resize(index);
    read_one_listener(r, element, element_path, out);
  });
  if (node.is_array() && out.empty()) {
    r.error(node, path, "at least one [[listen]] table is required");
  }
}

// --- checks that span keys or need the outside world ------------------------

void check_listeners(TomlReader& r, const Config& config) {
  if (!r.has("listen")) {
    r.error(0, "listen", "at least one [[listen]] table is required");
    return;
  }
  std::map<std::string, std::size_t> first_use;
  for (std::size_t i = 0; i < config.listen.size(); ++i) {
    const ListenSpec& spec = config.listen[i];
    const std::string path = "listen[" + std::to_string(i) + "]";
    if (!spec.channel.empty() && spec.channel.size() > config.limits.channel_length) {
      r.error(r.line_of(path + ".channel"), path + ".channel",
              "longer than limits.channel_length (" + std::to_string(config.limits.channel_length) + ")");
    }
    if (spec.host.empty()) continue;  // address already reported
    const std::string key = canonical_host(spec.host) + ":" + std::to_string(spec.port);
    const auto [it, inserted] = first_use.emplace(key, i);
    if (!inserted) {
      r.error(r.line_of(path + ".address"), path + ".address",
              "duplicate of listen[" + std::to_string(it->second) + "] (" +
                  in_quotes(config.listen[it->second].address) + ")");
    }
  }
  const MetricsSection& metrics = config.metrics;
  if (metrics.host.empty()) return;
  const auto clash = first_use.find(canonical_host(metrics.host) + ":" + std::to_string(metrics.port));
  if (clash != first_use.end()) {
    r.error(r.line_of("metrics.address"), "metrics.address",
            "the same address as listen[" + std::to_string(clash->second) + "] (" +
                in_quotes(config.listen[clash->second].address) + ")");
  }
}

void resolve_motd(TomlReader& r, const std::string& source, ServerSection& server) {
  if (server.motd_file.empty()) {
    server.motd_lines = split_motd(server.motd);
    return;
  }
  // An explicit motd = "" next to motd_file is harmless; real text is ambiguous.
  if (r.has("server.motd") && !server.motd.empty()) {
    r.error(r.line_of("server.motd_file"), "server.motd_file",
            "cannot be combined with server.motd (remove one of them)");
    return;
  }
  std::filesystem::path file = server.motd_file;
  if (file.is_relative()) file = std::filesystem::path(source).parent_path() / file;
  int err = 0;
  const auto text = read_whole_file(file.string(), err);
  if (!text) {
    r.error(r.line_of("server.motd_file"), "server.motd_file",
            "cannot read " + in_quotes(file.string()) + ": " + std::strerror(err));
    return;
  }
  server.motd = *text;
  server.motd_lines = split_motd(*text);
}

// Adding a section: write read_<section> above and list it here.
void read_sections(TomlReader& reader, const toml::table& root, Config& config) {
  using Node = toml::node;
  using Path = std::string;
  reader.read_table(
      root, "",
      {
          {"server", [&](const Node& n, const Path& p) { read_server(reader, n, p, config.server); }},
          {"listen", [&](const Node& n, const Path& p) { read_listen(reader, n, p, config.listen); }},
          {"limits", [&](const Node& n, const Path& p) { read_limits(reader, n, p, config.limits); }},
          {"admin", [&](const Node& n, const Path& p) { read_admin(reader, n, p, config.admin); }},
          {"metrics", [&](const Node& n, const Path& p) { read_metrics(reader, n, p, config.metrics); }},
          {"log", [&](const Node& n, const Path& p) { read_log(reader, n, p, config.log); }},
          {"storage", [&](const Node& n, const Path& p) { read_storage(reader, n, p, config.storage); }},
          {"history", [&](const Node& n, const Path& p) { read_history(reader, n, p, config.history); }},
          {"accounts", [&](const Node& n, const Path& p) { read_accounts(reader, n, p, config.accounts); }},
          {"tls", [&](const Node& n, const Path& p) { read_tls(reader, n, p, config.tls); }},
          {"cluster", [&](const Node& n, const Path& p) { read_cluster(reader, n, p, config.cluster); }},
          {"bridge", [&](const Node& n, const Path& p) { read_bridges(reader, n, p, config.bridges); }},
          {"channel", [&](const Node& n, const Path& p) { read_channels(reader, n, p, config.channels); }},
          {"operator", [&](const Node& n, const Path& p) { read_operators(reader, n, p, config.operators); }},
      });
}

}  // namespace

Config parse_config(std::string_view toml_text, std::string_view source_name) {
  TomlReader reader{std::string(source_name)};
  Config config;
  config.source = std::string(source_name);

  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& err) {
    reader.syntax_error(err);
    throw ConfigError(reader.messages());
  }

  read_sections(reader, root, config);
  check_listeners(reader, config);
  check_bridges(reader, config);
  check_tls(reader, config);
  resolve_motd(reader, config.source, config.server);

  if (!reader.ok()) throw ConfigError(reader.messages());
  return config;
}

Config load_config(const std::string& path) {
  int err = 0;
  const auto text = read_whole_file(path, err);
  if (!text) throw ConfigError({path + ": cannot read: " + std::strerror(err)});
  return parse_config(*text, path);
}

std::vector<std::string> accepted_keys() {
  // Each section once and each table array with one (empty) element, so every schema is
  // offered; the errors about missing required keys are beside the point here.
  const toml::table skeleton = toml::parse(
      "[server]\n[[listen]]\n[limits]\n[admin]\n[metrics]\n[log]\n[tls]\n[storage]\n[history]\n[accounts]\n[cluster]\n["
      "[bridge]]"
      "\n[[channel]]"
      "\n[[operator]]\n");
  TomlReader reader{"(schema)"};
  std::vector<std::string> keys;
  reader.record_schema(&keys);
  Config config;
  read_sections(reader, skeleton, config);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace chatd::config
