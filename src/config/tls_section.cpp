#include "config/tls_section.hpp"

#include <filesystem>

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
  if (tls.sts_port != 0) {
    bool found = false;
    for (const ListenSpec& spec : config.listen) found = found || (spec.tls && spec.port == tls.sts_port);
    if (!found) {
      r.error(r.line_of("tls.sts_port"), "tls.sts_port",
              "no [[listen]] with tls = true has port " + std::to_string(tls.sts_port) +
                  " (clients told to go there would find no TLS)");
    }
  } else if (r.has("tls.sts_duration") && tls.sts_duration != 0) {
    r.error(r.line_of("tls.sts_duration"), "tls.sts_duration", "needs tls.sts_port (the sts policy names a port)");
  }
}

}  // namespace chatd::config
