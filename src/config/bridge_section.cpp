#include "config/bridge_section.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>

#include <map>

#include "config/address.hpp"
#include "config/value_checks.hpp"

namespace chatd::config {
namespace {

constexpr std::int64_t kMinDatagram = 64;
constexpr std::int64_t kMaxDatagram = 65507;  // the largest UDP payload over IPv4

std::optional<in_addr> parse_ipv4(std::string_view text) {
  in_addr addr{};
  if (inet_pton(AF_INET, std::string(text).c_str(), &addr) != 1) return std::nullopt;
  return addr;
}

std::optional<in6_addr> parse_ipv6(std::string_view text) {
  in6_addr addr{};
  if (inet_pton(AF_INET6, std::string(text).c_str(), &addr) != 1) return std::nullopt;
  return addr;
}

std::string check_group(std::string_view value) {
  if (auto v4 = parse_ipv4(value); v4 && IN_MULTICAST(ntohl(v4->s_addr))) return {};
  if (auto v6 = parse_ipv6(value); v6 && IN6_IS_ADDR_MULTICAST(&*v6)) return {};
  return "must be an IPv4 multicast address (224.0.0.0/4) or an IPv6 one (ff00::/8), got " + in_quotes(value);
}

std::string check_broadcast_address(std::string_view value) {
  auto v4 = parse_ipv4(value);
  if (!v4) return "must be an IPv4 address such as \"192.168.1.255\", got " + in_quotes(value);
  const auto host = ntohl(v4->s_addr);
  if (host == INADDR_ANY || IN_MULTICAST(host)) {
    return "must be a subnet broadcast address or 255.255.255.255, got " + in_quotes(value);
  }
  return {};
}

// Names are checked against the interfaces present now: a typo is refused at start-up rather
// than retried forever. An address may belong to an interface that comes up later, so only
// its syntax is checked here; the bridge retries until the address is there.
std::string check_interface(std::string_view value) {
  if (value.empty()) return "must not be empty";
  if (parse_ipv4(value) || parse_ipv6(value)) return {};
  if (value.size() >= IF_NAMESIZE || if_nametoindex(std::string(value).c_str()) == 0) {
    return "unknown interface " + in_quotes(value) + " (give a local address or an existing interface name)";
  }
  return {};
}

int family_of(std::string_view address) {
  if (parse_ipv4(address)) return AF_INET;
  if (parse_ipv6(address)) return AF_INET6;
  return AF_UNSPEC;
}

void read_one_bridge(TomlReader& r, const toml::node& node, const std::string& path, std::vector<BridgeSpec>& out) {
  BridgeSpec spec;
  r.read_table(node, path,
               {
                   {"channel", r.string_field(spec.channel, check_channel), true},
                   {"kind", r.one_of_field(spec.kind, {"multicast", "broadcast"}), true},
                   {"group", r.string_field(spec.group, check_group)},
                   {"address", r.string_field(spec.address, check_broadcast_address)},
                   {"port", r.uint_field(spec.port, 1, 65535), true},
                   {"interface", r.string_field(spec.interface, check_interface), true},
                   {"ttl", r.uint_field(spec.ttl, 0, 255)},
                   {"loop", r.bool_field(spec.loop)},
                   {"format", r.one_of_field(spec.format, {"text"})},
                   {"max_datagram", r.uint_field(spec.max_datagram, kMinDatagram, kMaxDatagram)},
               });

  const auto kind = node.as_table()->get_as<std::string>("kind");
  const std::string written_kind = kind ? kind->get() : "";
  const auto not_with = [&](const char* key, const char* needs) {
    if (r.has(path + key)) {
      r.error(r.line_of(path + key), path + key, std::string("only allowed with kind \"") + needs + "\"");
    }
  };
  if (written_kind == "multicast") {
    if (!r.has(path + ".group")) r.error(node, path + ".group", "required for kind \"multicast\"");
    not_with(".address", "broadcast");
  } else if (written_kind == "broadcast") {
    if (!r.has(path + ".address")) r.error(node, path + ".address", "required for kind \"broadcast\"");
    // Broadcasts are never routed and always heard by the sending host: neither knob applies.
    not_with(".group", "multicast");
    not_with(".ttl", "multicast");
    not_with(".loop", "multicast");
  }
  const int destination_family = family_of(spec.destination());
  const int interface_family = family_of(spec.interface);
  if (destination_family != AF_UNSPEC && interface_family != AF_UNSPEC && destination_family != interface_family) {
    r.error(r.line_of(path + ".interface"), path + ".interface",
            "is an " + std::string(interface_family == AF_INET ? "IPv4" : "IPv6") + " address but " +
                in_quotes(spec.destination()) + " is not");
  }
  out.push_back(std::move(spec));
}

}  // namespace

void read_bridges(TomlReader& r, const toml::node& node, const std::string& path, std::vector<BridgeSpec>& out) {
  r.read_table_array(node, path, [&](const toml::node& element, std::size_t index, const std::string& element_path) {
    // Keep out[i] == bridge[i] for later messages even if a non-table was skipped.
    if (out.size() < index) out.resize(index);
    read_one_bridge(r, element, element_path, out);
  });
}

void check_bridges(TomlReader& r, const Config& config) {
  // Two bridges on one group and port would hear each other's datagrams and echo them forever.
  std::map<std::string, std::size_t> first_use;
  for (std::size_t i = 0; i < config.bridges.size(); ++i) {
    const BridgeSpec& spec = config.bridges[i];
    const std::string path = "bridge[" + std::to_string(i) + "]";
    if (spec.channel.size() > config.limits.channel_length) {
      r.error(r.line_of(path + ".channel"), path + ".channel",
              "longer than limits.channel_length (" + std::to_string(config.limits.channel_length) + ")");
    }
    if (spec.destination().empty() || spec.port == 0) continue;  // already reported
    const std::string key = canonical_host(spec.destination()) + ":" + std::to_string(spec.port);
    const auto [it, inserted] = first_use.emplace(key, i);
    if (!inserted) {
      const std::string key_path = path + (spec.multicast() ? ".group" : ".address");
      r.error(r.line_of(key_path), key_path,
              "same destination and port as bridge[" + std::to_string(it->second) + "] (" + key + ")");
    }
  }
}

}  // namespace chatd::config
