#include "config/cluster_section.hpp"

#include "config/value_checks.hpp"

namespace chatd::config {
namespace {

// Node names travel in NATS subjects ("<prefix>.ev.<node>"), where '.', '*', '>' and
// whitespace have meanings; a short lowercase word is also what a status table shows well.
std::string check_node(std::string_view value) {
  if (value.empty() || value.size() > 32) return "must be 1 to 32 characters";
  for (char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return "may contain only a-z, 0-9, '-' and '_' (got " + in_quotes(value) + ")";
  }
  return {};
}

std::string check_prefix(std::string_view value) {
  if (value.empty() || value.size() > 64) return "must be 1 to 64 characters";
  for (char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return "may contain only letters, digits, '-' and '_' (one subject token; got " + in_quotes(value) + ")";
  }
  return {};
}

std::string check_url(std::string_view value) {
  const bool scheme = value.starts_with("nats://") || value.starts_with("tls://");
  if (!scheme || value.size() > 256) return "must be a nats:// or tls:// URL (got " + in_quotes(value) + ")";
  for (char c : value) {
    if (is_control(c) || c == ' ' || c == ',') return "must not contain spaces, commas or control characters";
  }
  return {};
}

// Empty: no credentials.
std::string check_file(std::string_view value) {
  for (char c : value) {
    if (is_control(c)) return "must not contain control characters";
  }
  return {};
}

}  // namespace

void read_cluster(TomlReader& r, const toml::node& node, const std::string& path, std::optional<ClusterSection>& out) {
  ClusterSection c;
  r.read_table(node, path,
               {
                   {"node", r.string_field(c.node, check_node), true},
                   {"nats", r.string_list_field(c.nats, check_url), true},
                   {"credentials", r.string_field(c.credentials, check_file)},
                   {"subject_prefix", r.string_field(c.subject_prefix, check_prefix)},
                   {"replicas", r.uint_field(c.replicas, 1, 5)},
                   {"node_timeout", r.uint_field(c.node_timeout, 3, 15)},
               });
  if (r.has(path + ".nats") && c.nats.empty())
    r.error(r.line_of(path + ".nats"), path + ".nats", "must name at least one NATS server");
  if (!r.has(path + ".replicas")) c.replicas = c.nats.size() >= 3 ? 3 : 1;
  out = std::move(c);
}

}  // namespace chatd::config
