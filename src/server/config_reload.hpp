// The one place a configuration reload happens, whether SIGHUP or `chatctl reload` asked for
// it: re-read the file the running config came from, and swap the new value in only if it
// loaded without errors (mosquitto's rule). Clients are never dropped by a reload; keys that
// need a restart are reported (config_diff.hpp lists them) and keep their running values
// where the server captured them at start-up.
//
// Thread rules: main loop only (it reads a file; workers must never wait for that).
#pragma once

#include "config/config_diff.hpp"
#include "irc/server_context.hpp"
#include "tls/tls_context.hpp"

namespace chatd::server {

// Logs the outcome (changed keys at info, errors at error) and returns it. `started` is the
// config the server started with: changes are reported against what is really running.
// With a [tls] table the certificate and key are read again into a new `tls` (for new
// handshakes); a certificate that cannot be used refuses the whole reload, and the old one
// stays.
config::ReloadReport reload_config(irc::ServerContext& context, const config::Config& started,
                                   std::shared_ptr<const tls::TlsContext>& tls);

// Loads the [tls] certificate of `config` and logs its warnings (a key every user can read;
// an sts_port that is no TLS listener's here). Throws tls::TlsError, as at start-up.
std::shared_ptr<const tls::TlsContext> load_tls(const config::Config& config);

}  // namespace chatd::server
