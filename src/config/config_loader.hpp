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

}  // namespace chatd::config
