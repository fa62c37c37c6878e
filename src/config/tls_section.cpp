#include "config/tls_section.hpp"

#include <filesystem>

#include "config/config_loader.hpp"
#include "config/value_checks.hpp"

namespace chatd::config {
namespace {

// The longest sts duration accepted: a year is what browsers' HSTS preload lists ask for.
constexpr std::int64_t kMaxStsDuration = 366 * 24 * 3600;

std::string check_path(std::string_view value) {
  if (value.empty()) return "must not be empty";
  for (char c : value) {
    if (is_control(c)) return "must not contain control characters";
  }
  return {};
}

std::string resolved(const std::string& source, const std::string& path) {
  std::filesystem::path file = path;
  if (file.is_relative()) file = std::filesystem::path(source).parent_path() / file;
  return file.string();
}

}  // namespace

void read_tls(TomlReader& r, const toml::node& node, const std::string& path, std::optional<TlsSection>& out) {
  TlsSection tls;
  r.read_table(node, path,
               {
                   {"certificate", r.string_field(tls.certificate, check_path), true},
                   {"key", r.string_field(tls.key, check_path), true},
                   {"sts_port", r.uint_field(tls.sts_port, 0, 65535)},
                   {"sts_duration", r.uint_field(tls.sts_duration, 0, kMaxStsDuration)},
               });
  out = std::move(tls);
}

void check_tls(TomlReader& r, Config& config) {
  for (std::size_t i = 0; i < config.listen.size(); ++i) {
    if (config.listen[i].tls && !config.tls) {
      const std::string key = "listen[" + std::to_string(i) + "].tls";
      r.error(r.line_of(key), key, "needs a [tls] table with certificate and key");
    }
  }
  if (!config.tls) return;
  TlsSection& tls = *config.tls;
  if (!tls.certificate.empty()) tls.certificate = resolved(config.source, tls.certificate);
  if (!tls.key.empty()) tls.key = resolved(config.source, tls.key);
}

std::vector<std::string> config_warnings(const Config& config) {
  std::vector<std::string> warnings;
  if (!config.tls || config.tls->sts_port == 0) return warnings;
  const std::uint16_t port = config.tls->sts_port;
  bool served = false;
  for (const ListenSpec& spec : config.listen) served = served || (spec.tls && spec.port == port);
  if (!served) {
    warnings.push_back("tls.sts_port: no [[listen]] here has tls = true on port " + std::to_string(port) +
                       "; clients sent there need a proxy that forwards it to one");
  }
  return warnings;
}

}  // namespace chatd::config
