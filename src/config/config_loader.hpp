// Turns a TOML configuration into a Config. The only code in chatd that
// knows TOML; stateless, so callable from any thread (a reload runs it again
// and swaps in the new shared_ptr<const Config>).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace chatd::config {

// `source_name` appears in every error message and anchors a relative
// server.motd_file (resolved against its directory). Throws ConfigError
// listing every problem found, not just the first.
Config parse_config(std::string_view toml_text, std::string_view source_name);

// Reads `path` and parses it; an unreadable file is a ConfigError too.
Config load_config(const std::string& path);

// Every section and key the loader accepts, sorted: "admin", "admin.group", ..., with table
// arrays without indexes ("listen.address"). What chatd.toml(5) and the shipped file must
// document (tests/unit/config/config_docs_test.cpp holds them to it).
std::vector<std::string> accepted_keys();

// What a loaded config allows but is likely a mistake, one message per problem, for the log at
// start-up and reload and for --check-config (today: a tls.sts_port that no TLS listener here
// has, which is fine only behind a router or proxy that forwards it to one).
std::vector<std::string> config_warnings(const Config& config);

}  // namespace chatd::config
