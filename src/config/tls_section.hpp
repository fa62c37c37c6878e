// The [tls] section of the config loader and the `tls` key of [[listen]]: the certificate and
// key paths, the IRCv3 sts settings, and the checks that span sections (a TLS listener needs
// [tls]; config_warnings flags an sts_port no TLS listener has). The files are not read here:
// tls::TlsContext loads them. Internal to src/config; called by parse_config on the loading
// thread.
#pragma once

#include <optional>
#include <string>

#include "config/config.hpp"
#include "config/toml_reader.hpp"

namespace chatd::config {

void read_tls(TomlReader& r, const toml::node& node, const std::string& path, std::optional<TlsSection>& out);

// Cross-section checks; resolves relative certificate and key paths against the directory of
// `config.source` (like server.motd_file).
void check_tls(TomlReader& r, Config& config);

}  // namespace chatd::config
