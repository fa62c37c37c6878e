// Small helpers every libnats user in src/cluster/ shares: keys and subject tokens built
// from IRC names, and what a natsStatus means for chatd.
//
// Thread rules: pure functions; any thread.
#pragma once

#include <nats/nats.h>

#include <string>
#include <string_view>

namespace chatd::cluster {

// KV keys and subject tokens allow few characters; casefolded names hold {}|^# and more, so
// they travel as lowercase hex after `kind` ("n.", "c.", "a.").
std::string hex_key(std::string_view kind, std::string_view raw);
// The same for an IRC name, casefolded first.
std::string name_key(std::string_view kind, std::string_view name);
// The status, with the library's last error when it has one.
std::string status_text(natsStatus s);
// NATS or JetStream did not answer (as opposed to answering no).
bool is_unavailable(natsStatus s);

}  // namespace chatd::cluster
