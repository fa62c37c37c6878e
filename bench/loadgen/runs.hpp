// The kinds of measured run. Each prints one "RESULT key=value ..." line on stdout (the
// bench script collects them; `loadgen report` turns them into the table) and a readable
// summary on stderr, and returns the exit status: 0 ok, 1 the run failed (the RESULT line
// still says why: a server ERROR, a disconnect, a timeout).
#pragma once

#include "options.hpp"

namespace chatd::bench {

// N subscribers and P publishers in one channel; deliveries/s, latency, loss, server CPU/RSS.
int run_fanout(const Options& options);
// N registered idle connections; the server's RSS per connection.
int run_idle(const Options& options);
// N TLS connections, each closed after its handshake; full handshakes per server CPU-second.
int run_handshakes(const Options& options);
// Reads RESULT lines, prints the median table in markdown.
int run_report(const Options& options);

}  // namespace chatd::bench
