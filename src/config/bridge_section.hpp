// The [[bridge]] section of the config loader: its keys, their values and the checks that
// span keys (kind vs. group/address, duplicates, channel length). Internal to src/config;
// called by parse_config on the loading thread.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/toml_reader.hpp"

namespace chatd::config {

void read_bridges(TomlReader& r, const toml::node& node, const std::string& path, std::vector<BridgeSpec>& out);

// Checks that need the whole Config (limits.channel_length) or compare bridges.
void check_bridges(TomlReader& r, const Config& config);

}  // namespace chatd::config
