// The load generator's command line as a value. See main.cpp for the flags.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace chatd::bench {

struct Options {
  std::string mode = "fanout";  // fanout | idle | handshake | report
  std::uint16_t port = 6667;    // on 127.0.0.1; loopback only
  pid_t server_pid = 0;         // whose /proc entries are read
  // Fan-out over a cluster (scenario N): subscriber i connects to ports[i % n], publishers to
  // ports[0]; the other chatd nodes' pids count with server_pid, the nats-servers' apart.
  std::vector<std::uint16_t> ports;  // --ports P1,P2,...; empty: everyone on `port`
  std::vector<pid_t> more_pids;      // --more-pids: the other chatd nodes
  std::vector<pid_t> nats_pids;      // --nats-pids: the NATS servers they share
  // Run after every client is ready, every 250 ms (the fleet answering PINGs and reading in
  // between) until it exits 0: sending starts only then. A cluster's nodes are still passing
  // each other the clients' arrivals and JOINs when the last client is in.
  std::string settle_command;
  std::string server = "server";  // label in the RESULT line
  std::string scenario = "-";     // label in the RESULT line
  int rep = 1;                    // label in the RESULT line
  std::string channel = "#bench";
  std::size_t subscribers = 100;
  std::size_t publishers = 1;
  std::size_t connections = 10000;  // idle and handshake modes
  double seconds = 5;               // how long publishers send
  double rate = 0;                  // messages/s over all publishers; 0 = as fast as the window allows
  std::size_t window = 100;         // messages not yet received by every subscriber
  std::size_t payload = 48;         // filler bytes in each message text
  std::size_t max_pending = 64;     // connections being set up at once
  bool tls = false;                 // --tls 1: every connection speaks TLS
  bool websocket = false;           // --websocket 1: every connection speaks IRC over WebSocket
  double setup_seconds = 120;       // deadline to connect, register and join everyone
  double drain_seconds = 5;         // after sending stops, wait this long for stragglers
  std::uint16_t scrape_port = 0;    // idle mode: time GET /metrics on this port once all are connected
  std::size_t scrapes = 20;         // how many scrapes, one after the other
  std::string input;                // report mode: the file of RESULT lines
};

}  // namespace chatd::bench
