// The [cluster] section: this node's name, the NATS servers to reach, their credentials and
// the subject prefix. No table: a standalone chatd, exactly as without cluster support.
// Internal to src/config; called by parse_config on the loading thread.
#pragma once

#include <optional>
#include <string>

#include "config/config.hpp"
#include "config/toml_reader.hpp"

namespace chatd::config {

void read_cluster(TomlReader& r, const toml::node& node, const std::string& path, std::optional<ClusterSection>& out);

}  // namespace chatd::config
