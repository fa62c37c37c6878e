// loadgen: the chatd bench's IRC load generator (see doc/PERFORMANCE.md).
//
//   loadgen fanout --port P --pid PID [--subscribers N] [--publishers P] [--seconds S]
//                  [--rate MSG_PER_S] [--window W] [--server NAME --scenario X --rep R]
//   loadgen idle   --port P --pid PID [--connections N] [--server NAME --scenario X --rep R]
//                  [--scrape-port M [--scrapes K]]  (times K GETs of /metrics with N connected)
//   loadgen handshake --port P --pid PID [--connections N] [--max-pending K]  (always TLS)
//   (fanout and idle take --tls 1: every client connects over TLS, and --websocket 1: every
//   client speaks IRC over WebSocket, subprotocol text.ircv3.net; both together is wss://)
//   (fanout over a cluster, scenario N: --ports P1,P2,P3 puts subscriber i on P[i % 3] and the
//   publishers on P1; --more-pids the other chatd nodes, --nats-pids the nats-servers, whose
//   CPU time is reported apart: chatd_cpu_s, nats_cpu_s, and per process in the same order;
//   --settle-command CMD: sending waits until CMD exits 0, run every 250 ms once all are in)
//   loadgen report FILE
//
// Loopback only: it always connects to 127.0.0.1. Every run has a hard deadline (setup +
// sending + drain + slack); past it the process prints a RESULT line with status=deadline
// and exits, so a wedged server can never hang the bench.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <type_traits>

#include "runs.hpp"

using chatd::bench::Options;

namespace {

constexpr unsigned kSlackSeconds = 30;
std::string g_deadline_line;

void on_deadline(int) {
  [[maybe_unused]] auto n = ::write(STDOUT_FILENO, g_deadline_line.data(), g_deadline_line.size());
  ::_exit(2);
}

int usage(const char* why) {
  std::fprintf(stderr, "loadgen: %s\nusage: loadgen fanout|idle --port P --pid PID [options] | loadgen report FILE\n",
               why);
  return 2;
}

bool parse(int argc, char** argv, Options& options) {
  std::map<std::string, std::string> flags;
  for (int i = 2; i < argc; ++i) {
    if (std::strncmp(argv[i], "--", 2) != 0 || i + 1 >= argc) return false;
    flags[argv[i] + 2] = argv[i + 1];
    ++i;
  }
  auto number = [&](const char* name, auto& into) {
    auto it = flags.find(name);
    if (it == flags.end()) return;
    into = static_cast<std::remove_reference_t<decltype(into)>>(std::strtod(it->second.c_str(), nullptr));
    flags.erase(it);
  };
  auto text = [&](const char* name, std::string& into) {
    auto it = flags.find(name);
    if (it == flags.end()) return;
    into = it->second;
    flags.erase(it);
  };
  number("port", options.port);
  number("pid", options.server_pid);
  number("rep", options.rep);
  number("subscribers", options.subscribers);
  number("publishers", options.publishers);
  number("connections", options.connections);
  number("seconds", options.seconds);
  number("rate", options.rate);
  number("window", options.window);
  number("payload", options.payload);
  number("max-pending", options.max_pending);
  number("setup-seconds", options.setup_seconds);
  number("tls", options.tls);
  number("websocket", options.websocket);
  number("drain-seconds", options.drain_seconds);
  number("scrape-port", options.scrape_port);
  number("scrapes", options.scrapes);
  auto numbers = [&](const char* name, auto& into) {
    auto it = flags.find(name);
    if (it == flags.end()) return true;
    const char* p = it->second.c_str();
    while (*p != '\0') {
      char* end = nullptr;
      const long value = std::strtol(p, &end, 10);
      if (end == p || value <= 0) return false;
      into.push_back(static_cast<typename std::remove_reference_t<decltype(into)>::value_type>(value));
      p = *end == ',' ? end + 1 : end;
    }
    flags.erase(it);
    return true;
  };
  if (!numbers("ports", options.ports) || !numbers("more-pids", options.more_pids) ||
      !numbers("nats-pids", options.nats_pids)) {
    return false;
  }
  text("server", options.server);
  text("scenario", options.scenario);
  text("channel", options.channel);
  text("settle-command", options.settle_command);
  for (const auto& [name, value] : flags) std::fprintf(stderr, "loadgen: unknown flag --%s\n", name.c_str());
  return flags.empty();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage("no mode given");
  Options options;
  options.mode = argv[1];
  if (options.mode == "report") {
    if (argc != 3) return usage("report wants one file");
    options.input = argv[2];
    return chatd::bench::run_report(options);
  }
  if (!parse(argc, argv, options)) return usage("bad arguments");
  if (options.server_pid <= 0) return usage("--pid of the server is required");
  if (options.publishers == 0 && options.mode == "fanout") return usage("--publishers must be at least 1");

  g_deadline_line = "RESULT mode=" + options.mode + " server=" + options.server + " scenario=\"" + options.scenario +
                    "\" rep=" + std::to_string(options.rep) + " status=deadline error=\"hard deadline passed\"\n";
  std::signal(SIGALRM, on_deadline);
  std::signal(SIGPIPE, SIG_IGN);
  ::alarm(static_cast<unsigned>(options.setup_seconds + options.seconds + options.drain_seconds) + kSlackSeconds);

  if (options.mode == "fanout") return chatd::bench::run_fanout(options);
  if (options.mode == "idle") return chatd::bench::run_idle(options);
  if (options.mode == "handshake") return chatd::bench::run_handshakes(options);
  return usage("unknown mode");
}
