#include "config/config_diff.hpp"

namespace chatd::config {
namespace {

// One comparison per key, written as data so that adding a key to Config is one line here.
struct KeyRule {
  const char* key;
  bool needs_restart;
  bool (*same)(const Config&, const Config&);
};

template <auto Section, auto Field>
bool same(const Config& a, const Config& b) {
  return (a.*Section).*Field == (b.*Section).*Field;
}

template <auto Member>
bool same_whole(const Config& a, const Config& b) {
  return a.*Member == b.*Member;
}

// [tls] is optional: a table added or removed counts as a change of each of its keys.
template <auto Field>
bool same_tls(const Config& a, const Config& b) {
  if (!a.tls || !b.tls) return a.tls.has_value() == b.tls.has_value();
  return (*a.tls).*Field == (*b.tls).*Field;
}

constexpr bool kRestart = true;
constexpr bool kLive = false;

const KeyRule kRules[] = {
    {"server.name", kRestart, same<&Config::server, &ServerSection::name>},
    {"server.network", kLive, same<&Config::server, &ServerSection::network>},
    // motd holds the file's text when motd_file is set, so an edited MOTD file shows here.
    {"server.motd", kLive, same<&Config::server, &ServerSection::motd>},
    {"server.motd_file", kLive, same<&Config::server, &ServerSection::motd_file>},
    {"server.workers", kRestart, same<&Config::server, &ServerSection::workers>},
    {"server.io_uring", kRestart, same<&Config::server, &ServerSection::io_uring>},
    {"server.password", kLive, same<&Config::server, &ServerSection::password>},
    {"server.default_channel_modes", kLive, same<&Config::server, &ServerSection::default_channel_modes>},
    {"listen", kRestart, same_whole<&Config::listen>},
    // New [[channel]] tables appear at once; existing channels keep their topic and modes.
    {"channel", kLive, same_whole<&Config::channels>},
    {"operator", kLive, same_whole<&Config::operators>},
    {"limits.nick_length", kLive, same<&Config::limits, &Limits::nick_length>},
    {"limits.channel_length", kLive, same<&Config::limits, &Limits::channel_length>},
    {"limits.topic_length", kLive, same<&Config::limits, &Limits::topic_length>},
    {"limits.ping_interval", kLive, same<&Config::limits, &Limits::ping_interval>},
    {"limits.ping_timeout", kLive, same<&Config::limits, &Limits::ping_timeout>},
    {"limits.registration_timeout", kLive, same<&Config::limits, &Limits::registration_timeout>},
    {"limits.sendq", kLive, same<&Config::limits, &Limits::sendq>},
    {"limits.max_clients", kLive, same<&Config::limits, &Limits::max_clients>},
    {"limits.max_per_ip", kLive, same<&Config::limits, &Limits::max_per_ip>},
    {"limits.max_channels_per_user", kLive, same<&Config::limits, &Limits::max_channels_per_user>},
    {"limits.flood_lines_per_second", kLive, same<&Config::limits, &Limits::flood_lines_per_second>},
    {"limits.flood_burst", kLive, same<&Config::limits, &Limits::flood_burst>},
    {"limits.flood_bytes_per_second", kLive, same<&Config::limits, &Limits::flood_bytes_per_second>},
    {"limits.flood_bytes_burst", kLive, same<&Config::limits, &Limits::flood_bytes_burst>},
    {"limits.recvq", kLive, same<&Config::limits, &Limits::recvq>},
    {"limits.nick_changes_per_10s", kLive, same<&Config::limits, &Limits::nick_changes_per_10s>},
    {"admin.socket", kRestart, same<&Config::admin, &AdminSection::socket>},
    {"admin.group", kRestart, same<&Config::admin, &AdminSection::group>},
    {"admin.idle_timeout", kLive, same<&Config::admin, &AdminSection::idle_timeout>},
    {"metrics.address", kRestart, same<&Config::metrics, &MetricsSection::address>},
    {"bridge", kRestart, same_whole<&Config::bridges>},
    // A node joins its network once, at start-up.
    {"cluster", kRestart, same_whole<&Config::cluster>},
    // The certificate and key files are read again on every reload, changed paths or not.
    {"tls.certificate", kLive, same_tls<&TlsSection::certificate>},
    {"tls.key", kLive, same_tls<&TlsSection::key>},
    {"tls.sts_port", kLive, same_tls<&TlsSection::sts_port>},
    {"tls.sts_duration", kLive, same_tls<&TlsSection::sts_duration>},
    {"log.level", kLive, same<&Config::log, &LogSection::level>},
    // The store is opened once, at start-up; what it keeps and replays follows reloads.
    {"storage.path", kRestart, same<&Config::storage, &StorageSection::path>},
    {"history.enabled", kRestart, same<&Config::history, &HistorySection::enabled>},
    {"history.channel_lines", kLive, same<&Config::history, &HistorySection::channel_lines>},
    {"history.max_age_days", kLive, same<&Config::history, &HistorySection::max_age_days>},
    {"history.replay_on_join", kLive, same<&Config::history, &HistorySection::replay_on_join>},
    // The account thread starts with chatd.
    {"accounts.enabled", kRestart, same<&Config::accounts, &AccountsSection::enabled>},
    {"accounts.require_tls_for_plain", kLive, same<&Config::accounts, &AccountsSection::require_tls_for_plain>},
    // REGISTER reads it per command; CAP LS shows the new offer (no CAP NEW/DEL is sent).
    {"accounts.registration", kLive, same<&Config::accounts, &AccountsSection::registration>},
    // Read at each NICK, registration and tick: users already on a nick are judged by the new rule.
    {"accounts.nick_reservation", kLive, same<&Config::accounts, &AccountsSection::nick_reservation>},
    {"accounts.reservation_grace", kLive, same<&Config::accounts, &AccountsSection::reservation_grace>},
};

}  // namespace

std::vector<KeyChange> diff_config(const Config& running, const Config& fresh) {
  return diff_config(running, running, fresh);
}

std::vector<KeyChange> diff_config(const Config& started, const Config& applied, const Config& fresh) {
  std::vector<KeyChange> changes;
  for (const KeyRule& rule : kRules) {
    const Config& running = rule.needs_restart ? started : applied;
    if (!rule.same(running, fresh)) changes.push_back({rule.key, rule.needs_restart});
  }
  return changes;
}

std::optional<bool> key_needs_restart(std::string_view key) {
  for (std::string_view candidate : {key, key.substr(0, key.find('.'))}) {
    for (const KeyRule& rule : kRules) {
      if (rule.key == candidate) return rule.needs_restart;
    }
  }
  return std::nullopt;
}

}  // namespace chatd::config
