// Where the configured [storage] path points: a relative path is relative to systemd's
// $STATE_DIRECTORY (StateDirectory=chatd: /var/lib/chatd), or to the working directory when
// chatd runs without it. Pure; any thread.
#pragma once

#include <string>

namespace chatd::store {

// "" stays "" (memory only). `state_directory` is $STATE_DIRECTORY as systemd sets it (a
// colon-separated list: the first entry is ours), or null.
std::string resolve_store_path(const std::string& configured, const char* state_directory);

}  // namespace chatd::store
