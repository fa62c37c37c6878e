// Turns a TOML configuration into a Config. The only code in chatd that
// knows TOML; stateless, so callable from any thread (a reload runs it again
// and swaps in the new shared_ptr<const Config>).
#pragma once

#include <string>
#include <string_view>

#include "config/config.hpp"

namespace chatd::config {

// `source_name` appears in every error message and anchors a relative
// server.motd_file (resolved against its directory). Throws ConfigError
// listing every problem found, not just the first.
Config parse_config(std::string_view toml_text, std::string_view source_name);

// Reads `path` and parses it; an unreadable file is a ConfigError too.
Config load_config(const std::string& path);

}  // namespace chatd::config
