#!/usr/bin/env bash
# make bench: chatd, ngIRCd and InspIRCd side by side on 127.0.0.1, each a child of this script
# started fresh for every run (so VmHWM is that run's peak) and pinned to CPU 0, the load
# generator pinned to CPU 1. Writes $BUILD/bench/results.txt (RESULT lines), the servers' logs
# and $BUILD/bench/table.md (medians; see doc/PERFORMANCE.md). Never part of `make check`.
# Scenario B also runs chatd with io_uring = false (chatd-writev), with history on disk
# (chatd-history) and off (chatd-nohistory), and chatd scraped once a second (chatd-scraped);
# W chatd with 1 and 2 workers; M times GET /metrics with 10 000 clients on.
# T is B over TLS, U is E over TLS and H the full-handshake rate, chatd against InspIRCd with ssl_gnutls (the
# peers that speak TLS), on a throwaway RSA-2048 certificate made here (like Debian's snakeoil).
# S is B over WebSocket (subprotocol text.ircv3.net), chatd's websocket listener against
# InspIRCd's m_websocket (bench/peers/inspircd-websocket.conf; skipped where the module is
# missing); ngIRCd speaks no WebSocket. The report sets S and T against B: chatd's figure over
# the transport as a share of its plain TCP one.
# N is chatd as a cluster (doc/CLUSTER.md): three nats-servers with JetStream and three chatd
# nodes, the 1000 subscribers spread over the nodes, the publisher on node a, as fast as the
# window allows and at a fixed 100 msg/s (100 000 deliveries/s); CPU is every chatd node's
# and nats-server's, reported apart. Single-node chatd runs the same two loads in the same run.
#
# Environment: BUILD (build dir), BENCH_REPS (3), BENCH_SECONDS (5 s of sending per run),
#              BENCH_SCENARIOS ("A B C D E M W T U H S N"), BENCH_SERVERS ("chatd ngircd inspircd"),
#              BENCH_BASELINE (path of an older chatd binary: adds a chatd-base column, so a
#              change is measured before and after in one run, on the same machine state),
#              BENCH_SCHED ("chrt -f 1"), N's BENCH_CLUSTER_RATE (100 msg/s),
#              BENCH_CLUSTER_SUBSCRIBERS (1000), BENCH_CLUSTER_CPUS (0), NATS_SERVER.
set -euo pipefail
cd "$(dirname "$0")/.."

# One bench at a time on a machine: the servers' ports are fixed, and two runs would measure
# each other. A second run waits here for the first.
exec 9>/tmp/chatd-bench.lock
if ! flock -n 9; then
  echo "bench: another make bench is running on this machine; waiting for it" >&2
  flock 9
fi

build=${BUILD:-build}
out=$build/bench
reps=${BENCH_REPS:-3}
seconds=${BENCH_SECONDS:-5}
scenarios=${BENCH_SCENARIOS:-"A B C D E M W T U H S N"}
servers=${BENCH_SERVERS:-"chatd ngircd inspircd"}
baseline=${BENCH_BASELINE:-}
if [ -n "$baseline" ]; then
  [ -x "$baseline" ] || { echo "bench: BENCH_BASELINE=$baseline is not an executable" >&2; exit 1; }
  servers="$servers chatd-base"
fi
loadgen=$build/loadgen
# Servers and generator run SCHED_FIFO at the lowest RT priority: this 2-core VM is shared with
# other tenants' compile jobs (load average 10-20), and under the normal scheduler (even at
# nice -20) wake-ups waited tens to hundreds of ms behind them, which measured the neighbours,
# not the servers (D: p50 350 ms at nice -20, 10 ms at SCHED_FIFO). The kernel's RT throttle
# (sched_rt_runtime_us) still leaves them 5% of each core. BENCH_SCHED="nice -n -20" to compare.
sched=${BENCH_SCHED:-chrt -f 1}
cluster_cpus=${BENCH_CLUSTER_CPUS:-0}
mkdir -p "$out"
results=$out/results.txt
: > "$results"

# Debian's peers; "ergo" in Debian is a chemistry program, not the IRC server.
if ! command -v ngircd >/dev/null || ! command -v inspircd >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bench: needs ngircd and inspircd: sudo apt-get install -y ngircd inspircd" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q ngircd inspircd >&2
fi

# Scenario N's three nats-servers (Debian's nats-server 2.9, as `make check-cluster` uses).
if [[ " $scenarios " == *" N "* ]]; then
  if [ "$(id -u)" -eq 0 ]; then
    tools/cluster-deps.sh >&2
  elif [ -z "${NATS_SERVER:-}" ] && ! command -v nats-server >/dev/null && [ ! -x /usr/sbin/nats-server ]; then
    echo "bench: scenario N needs nats-server: sudo tools/cluster-deps.sh (or NATS_SERVER=path)" >&2
    exit 1
  fi
fi

# 10 000 clients plus the generator's own ends of the same connections, with slack.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt 10100 ]; then
  echo "bench: ulimit -n is $(ulimit -n); scenario E needs more than 10 100" >&2
  exit 1
fi

# 1 while a TLS scenario runs: servers start with their TLS config, clients connect to TLS ports.
# 1 while the WebSocket scenario runs: clients connect to the servers' WebSocket ports.
tls_run=0
ws_run=0
port_of() {
  if [ "$tls_run" = 1 ]; then
    case $1 in chatd*) echo 16697 ;; inspircd) echo 16699 ;; esac
    return
  fi
  if [ "$ws_run" = 1 ]; then
    case $1 in chatd*) echo 16677 ;; inspircd) echo 16679 ;; esac
    return
  fi
  case $1 in chatd*) echo 16667 ;; ngircd) echo 16668 ;; inspircd) echo 16669 ;; esac
}

# The TLS configs: chatd's bench config plus a TLS listener (last, so start_server waits for it)
# and [tls]; InspIRCd's with ssl_gnutls on its client port, records up to 16 KiB like chatd's.
tls_configs() {
  local dir=$out/tls
  [ -f "$dir/key.pem" ] && return 0
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" -subj /CN=bench.chatd \
    -days 30 2>/dev/null
  chmod 600 "$dir/key.pem"
  { cat bench/chatd.toml
    printf '\n[[listen]]\naddress = "127.0.0.1:16697"\nprotocol = "irc"\ntls = true\n'
    printf '\n[tls]\ncertificate = "%s"\nkey = "%s"\n' "$PWD/$dir/cert.pem" "$PWD/$dir/key.pem"
  } >"$out/chatd-tls.toml"
  sed 's/port="16669" type="clients"/port="16699" type="clients" sslprofile="bench"/' bench/peers/inspircd.conf \
    >"$out/inspircd-tls.conf"
  printf '<module name="ssl_gnutls">\n<sslprofile name="bench" provider="gnutls" certfile="%s" keyfile="%s" hash="sha256" requestclientcert="yes" priority="NORMAL" outrecsize="16384">\n' \
    "$PWD/$dir/cert.pem" "$PWD/$dir/key.pem" >>"$out/inspircd-tls.conf"
}

# InspIRCd's config with its WebSocket listener; false (S skips InspIRCd) without the module.
inspircd_ws_config() {
  [ -f /usr/lib/inspircd/modules/m_websocket.so ] || return 1
  cat bench/peers/inspircd.conf bench/peers/inspircd-websocket.conf >"$out/inspircd-ws.conf"
}

# Connections the generator sets up at once, per server. ngIRCd registers fastest a few at a
# time (measured: 4690/s at 4 in flight, 364/s at 64); InspIRCd 3 completes a registration on
# its once-a-second user timer, so it needs many in flight (741/s at 1000); chatd has no limit.
pending_of() {
  case $1 in chatd*) echo 64 ;; ngircd) echo 8 ;; inspircd) echo 1000 ;; esac
}

server_pid=
scraper_pid=
# start_server NAME CPUS: runs NAME in the foreground as our child and waits for its port.
start_server() {
  local name=$1 cpus=$2 port
  port=$(port_of "$name")
  # A server left over from an earlier run would answer for this one and be measured instead.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "bench: port $port is already in use: not starting $name" >&2
    return 1
  fi
  local chatd_config=bench/chatd.toml inspircd_config=$PWD/bench/peers/inspircd.conf
  if [ "$tls_run" = 1 ]; then
    chatd_config=$out/chatd-tls.toml
    inspircd_config=$PWD/$out/inspircd-tls.conf
  fi
  if [ "$ws_run" = 1 ]; then inspircd_config=$PWD/$out/inspircd-ws.conf; fi
  case $name in
    chatd)
      taskset -c "$cpus" $sched "$build/chatd" --config "$chatd_config" >>"$out/chatd.log" 2>&1 &
      ;;
    chatd-base)
      # The same config, an older binary: the before of a before-and-after. A binary older than
      # the metrics endpoint or the websocket listener gets the config without them.
      if ! "$baseline" --check-config --config "$chatd_config" >/dev/null 2>&1; then
        sed -e '/^\[metrics\]/,/^$/d' -e '/^# Scenario S/,/^web_root = ""$/d' "$chatd_config" >"$out/$name.toml"
        chatd_config=$out/$name.toml
      fi
      taskset -c "$cpus" $sched "$baseline" --config "$chatd_config" >>"$out/$name.log" 2>&1 &
      ;;
    chatd-scraped)
      # The metrics cost under load: chatd scraped once a second (Prometheus' default is every
      # 15 s) by curl on the generator's core, for the whole run.
      taskset -c "$cpus" $sched "$build/chatd" --config "$chatd_config" >>"$out/$name.log" 2>&1 &
      ;;
    chatd-writev)
      # The send path measurement: the same config, one writev per client instead of io_uring.
      sed "s/^workers = .*/&\nio_uring = false/" bench/chatd.toml >"$out/$name.toml"
      taskset -c "$cpus" $sched "$build/chatd" --config "$out/$name.toml" >>"$out/$name.log" 2>&1 &
      ;;
    chatd-history)
      # The history overhead: the same config with the store on disk (chatd's default keeps
      # history in memory), against chatd-nohistory with it switched off.
      rm -f "$out/history.db" "$out/history.db-wal" "$out/history.db-shm"
      { cat bench/chatd.toml; printf '\n[storage]\npath = "%s"\n' "$(realpath -m "$out")/history.db"; } >"$out/$name.toml"
      taskset -c "$cpus" $sched "$build/chatd" --config "$out/$name.toml" >>"$out/$name.log" 2>&1 &
      ;;
    chatd-nohistory)
      { cat bench/chatd.toml; printf '\n[history]\nenabled = false\n'; } >"$out/$name.toml"
      taskset -c "$cpus" $sched "$build/chatd" --config "$out/$name.toml" >>"$out/$name.log" 2>&1 &
      ;;
    chatd-w*)
      # The worker-scaling measurement: the same config with N workers.
      sed "s/^workers = .*/workers = ${name#chatd-w}/" bench/chatd.toml >"$out/$name.toml"
      taskset -c "$cpus" $sched "$build/chatd" --config "$out/$name.toml" >>"$out/$name.log" 2>&1 &
      ;;
    ngircd)
      taskset -c "$cpus" $sched ngircd --nodaemon --config "$PWD/bench/peers/ngircd.conf" >>"$out/ngircd.log" 2>&1 &
      ;;
    inspircd)
      taskset -c "$cpus" $sched inspircd --nofork --runasroot --config "$inspircd_config" \
        >>"$out/inspircd.log" 2>&1 &
      ;;
  esac
  server_pid=$!
  if [ "$name" = chatd-scraped ]; then
    scrape_loop &
    scraper_pid=$!
  fi
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      sleep 0.2  # let the probe connection's departure settle before measuring memory
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: $name did not start listening on $port (see $out/$name.log)" >&2
  return 1
}

scrape_loop() {
  while sleep 1; do
    taskset -c 1 curl -s -o /dev/null "http://127.0.0.1:$metrics_port/metrics" || true
  done
}

# wait_stopped PID: up to 5 s for a process already sent SIGTERM, then SIGKILL; reaps it.
wait_stopped() {
  for _ in $(seq 50); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

stop_server() {
  if [ -n "$scraper_pid" ]; then
    kill "$scraper_pid" 2>/dev/null || true
    wait "$scraper_pid" 2>/dev/null || true
    scraper_pid=
  fi
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  wait_stopped "$server_pid"
  server_pid=
}
trap 'stop_server; stop_cluster' EXIT

# Scenario N: chatd as a cluster (doc/CLUSTER.md). Three nats-servers with JetStream and routes
# between them, and three chatd nodes (a, b, c), each with its own client port and admin
# socket, all listing the three NATS URLs, replicas 3; history as in bench/chatd.toml. All six
# are pinned to CPU 0 like the single servers (the generator keeps CPU 1), each store fresh
# under $out/cluster, stopped by PID. The nats-servers run with GOMAXPROCS=1: Go's scheduler
# under SCHED_FIFO spread over both cores livelocked (two nats-servers spinning at 93% CPU each
# for minutes, the generator starved), so BENCH_CLUSTER_CPUS (default 0) may name more than
# one CPU only with a BENCH_SCHED that is not real-time (e.g. "nice -n -20"). Loopback ports only: NATS clients 14222-14224, routes
# 16222-16224, monitoring 18222-18224; chatd nodes 16671-16673.
nats_server=${NATS_SERVER:-$(command -v nats-server || echo /usr/sbin/nats-server)}
cluster_dir=$out/cluster
cluster_nodes=(a b c)
cluster_ports=(16671 16672 16673)
cluster_chatd_pids=()
cluster_nats_pids=()

nats_config() {
  local i=$1 j dir=$PWD/$cluster_dir/nats$1
  mkdir -p "$dir/store"
  { printf 'server_name: nats%s\nlisten: 127.0.0.1:%s\nhttp: 127.0.0.1:%s\n' "$i" $((14222 + i)) $((18222 + i))
    printf 'jetstream {\n  store_dir: "%s/store"\n  max_memory_store: 64MB\n  max_file_store: 2GB\n}\n' "$dir"
    printf 'cluster {\n  name: chatd-bench\n  listen: 127.0.0.1:%s\n' $((16222 + i))
    printf '  authorization {\n    user: route\n    password: chatd-bench-route\n  }\n  routes: [\n'
    for j in 0 1 2; do
      [ "$j" = "$i" ] || printf '    nats-route://route:chatd-bench-route@127.0.0.1:%s\n' $((16222 + j))
    done
    printf '  ]\n}\n'
  } >"$dir/nats.conf"
}

# bench/chatd.toml for node $1 on port $2: no metrics listener, no WebSocket one, plus an
# admin socket (to see the node's peers) and the [cluster] table.
chatd_node_config() {
  local node=$1 port=$2
  sed -e '/^\[metrics\]/,/^$/d' -e '/^# Scenario S/,/^web_root = ""$/d' -e '/^# Scrape-timed/,/^# a chatd on/d' \
    -e "s/^name = \"chatd.bench\"/name = \"$node.chatd.bench\"/" -e "s/127.0.0.1:16667/127.0.0.1:$port/" bench/chatd.toml
  printf '\n[admin]\nsocket = "%s/%s.sock"\ngroup = "%s"\n' "$PWD/$cluster_dir" "$node" "$(id -gn)"
  printf '\n[cluster]\nnode = "%s"\nnats = ["nats://127.0.0.1:14222", "nats://127.0.0.1:14223", "nats://127.0.0.1:14224"]\n' "$node"
  printf 'replicas = 3\n'
}

# The JetStream meta leader all three servers name, or nothing yet.
nats_leader() {
  local i leader seen=
  for i in 0 1 2; do
    leader=$(curl -s "http://127.0.0.1:$((18222 + i))/jsz" | grep -o '"leader": *"[^"]*"' | head -n 1) || return 0
    [ -n "$leader" ] || return 0
    [ -z "$seen" ] || [ "$seen" = "$leader" ] || return 0
    seen=$leader
  done
  echo "$seen"
}

# How many other nodes chatd node $1 has heard, with JetStream answering; 0 until then.
node_peers() {
  local status
  status=$("$build/chatctl" --socket "$cluster_dir/$1.sock" --json --timeout 2 status 2>/dev/null) || { echo 0; return; }
  grep -q '"jetstream": *true' <<<"$status" || { echo 0; return; }
  grep -o '"seen_ago"' <<<"$status" | wc -l
}

start_cluster() {
  local i node port
  rm -rf "$cluster_dir"
  mkdir -p "$cluster_dir"
  for port in 14222 14223 14224 16222 16223 16224 18222 18223 18224 "${cluster_ports[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "bench: port $port is already in use: not starting the cluster" >&2
      return 1
    fi
  done
  [ -x "$nats_server" ] || { echo "bench: no nats-server at $nats_server (NATS_SERVER names one)" >&2; return 1; }
  if [[ $cluster_cpus == *[,-]* && $sched == chrt* ]]; then
    echo "bench: BENCH_CLUSTER_CPUS=$cluster_cpus with real-time BENCH_SCHED=\"$sched\": Go livelocks; set BENCH_SCHED=\"nice -n -20\"" >&2
    return 1
  fi
  for i in 0 1 2; do
    nats_config "$i"
    GOMAXPROCS=1 taskset -c "$cluster_cpus" $sched "$nats_server" -c "$PWD/$cluster_dir/nats$i/nats.conf" \
      >>"$cluster_dir/nats$i.log" 2>&1 &
    cluster_nats_pids+=($!)
  done
  for _ in $(seq 300); do
    [ -n "$(nats_leader)" ] && break
    sleep 0.1
  done
  if [ -z "$(nats_leader)" ]; then
    echo "bench: the nats-servers agreed on no JetStream leader in 30 s (see $cluster_dir/nats*.log)" >&2
    return 1
  fi
  for i in 0 1 2; do
    node=${cluster_nodes[$i]}
    chatd_node_config "$node" "${cluster_ports[$i]}" >"$cluster_dir/$node.toml"
    taskset -c "$cluster_cpus" $sched "$build/chatd" --config "$cluster_dir/$node.toml" >>"$cluster_dir/$node.log" 2>&1 &
    cluster_chatd_pids+=($!)
  done
  # Ready when every node has JetStream and has heard the other two (the newcomers' bursts
  # follow); the nodes' nick claims wait 2.5 s after start-up by themselves.
  for _ in $(seq 300); do
    local ready=0
    for node in "${cluster_nodes[@]}"; do
      [ "$(node_peers "$node")" -ge 2 ] && ready=$((ready + 1))
    done
    [ "$ready" = 3 ] && return 0
    for i in 0 1 2; do
      kill -0 "${cluster_chatd_pids[$i]}" 2>/dev/null || { echo "bench: chatd node ${cluster_nodes[$i]} exited (see $cluster_dir/${cluster_nodes[$i]}.log)" >&2; return 1; }
    done
    sleep 0.1
  done
  echo "bench: the chatd nodes did not all see each other in 30 s (see $cluster_dir/*.log)" >&2
  return 1
}

stop_cluster() {
  local pid
  for pid in "${cluster_chatd_pids[@]}" "${cluster_nats_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${cluster_chatd_pids[@]}" "${cluster_nats_pids[@]}"; do wait_stopped "$pid"; done
  cluster_chatd_pids=()
  cluster_nats_pids=()
}

# run_cluster SCENARIO REP LOADGEN-ARGS...: one fresh cluster per run, like the single servers.
run_cluster() {
  local scenario=$1 rep=$2
  shift 2
  if ! start_cluster; then
    echo "RESULT mode=$1 server=chatd-cluster3 scenario=\"$scenario\" rep=$rep status=no-start error=\"did not start\"" >>"$results"
    stop_cluster
    return
  fi
  local ports pids nats
  ports=$(IFS=,; echo "${cluster_ports[*]}")
  pids=$(IFS=,; echo "${cluster_chatd_pids[*]:1}")
  nats=$(IFS=,; echo "${cluster_nats_pids[*]}")
  timeout -k 5 300 taskset -c 1 $sched "$loadgen" "$@" --port "${cluster_ports[0]}" --ports "$ports" \
    --pid "${cluster_chatd_pids[0]}" --more-pids "$pids" --nats-pids "$nats" --server chatd-cluster3 \
    --settle-command "bench/cluster-settled.sh $build/chatctl $cluster_dir/settled.state $cluster_dir/a.sock $cluster_dir/b.sock $cluster_dir/c.sock" \
    --scenario "$scenario" --rep "$rep" --max-pending 64 >>"$results" || true
  tail -n 1 "$results" | cut -c1-200 >&2
  stop_cluster
}

# run NAME SCENARIO REP CPUS LOADGEN-ARGS...
run() {
  local name=$1 scenario=$2 rep=$3 cpus=$4
  shift 4
  if ! start_server "$name" "$cpus"; then
    echo "RESULT mode=$1 server=$name scenario=\"$scenario\" rep=$rep status=no-start error=\"did not start\"" >>"$results"
    stop_server
    return
  fi
  # The generator has its own hard deadline; timeout(1) is the backstop behind it.
  timeout -k 5 300 taskset -c 1 $sched "$loadgen" "$@" --port "$(port_of "$name")" --pid "$server_pid" \
    --server "$name" --scenario "$scenario" --rep "$rep" --max-pending "$(pending_of "$name")" >>"$results" || true
  tail -n 1 "$results" | cut -c1-200 >&2
  stop_server
}

fanout="fanout --seconds $seconds"
# Scenario N's knobs: the fixed rate (100 msg/s to 1000 subscribers is the issue's 100 000
# deliveries/s) and the subscribers (fewer take the fan-out's CPU out: what the publish path
# alone carries).
cluster_rate=${BENCH_CLUSTER_RATE:-100}
cluster_subs=${BENCH_CLUSTER_SUBSCRIBERS:-1000}
cluster_max="N: $cluster_subs subs on 3 nodes, 1 pub"
cluster_fixed="N: $cluster_subs subs on 3 nodes, $cluster_rate msg/s"
metrics_port=$(sed -n '/^\[metrics\]/,/^\[/s/^address = "127.0.0.1:\([0-9]*\)"/\1/p' bench/chatd.toml)
for scenario in $scenarios; do
  tls_run=0
  ws_run=0
  ws_inspircd=0
  case $scenario in T | U | H) tls_run=1; tls_configs ;; esac
  if [ "$scenario" = S ]; then
    ws_run=1
    if inspircd_ws_config; then
      ws_inspircd=1
    elif [[ " $servers " == *" inspircd "* ]]; then
      echo "bench: InspIRCd has no websocket module here: S runs without it" >&2
    fi
  fi
  for rep in $(seq "$reps"); do
    for name in $servers; do
      # The TLS scenarios: chatd, InspIRCd, and a baseline chatd that knows TLS.
      if [ "$tls_run" = 1 ]; then
        case $name in
          chatd | inspircd) ;;
          chatd-base) "$baseline" --check-config --config "$out/chatd-tls.toml" >/dev/null 2>&1 || continue ;;
          *) continue ;;
        esac
      fi
      # The WebSocket scenario: chatd, InspIRCd with m_websocket, a baseline chatd that has it.
      if [ "$ws_run" = 1 ]; then
        case $name in
          chatd) ;;
          inspircd) [ "$ws_inspircd" = 1 ] || continue ;;
          chatd-base) "$baseline" --check-config --config bench/chatd.toml >/dev/null 2>&1 || continue ;;
          *) continue ;;
        esac
      fi
      case $scenario in
        A) run "$name" "A: 100 subs, 1 pub" "$rep" 0 $fanout --subscribers 100 --publishers 1 --window 100 ;;
        B) run "$name" "B: 1000 subs, 1 pub" "$rep" 0 $fanout --subscribers 1000 --publishers 1 --window 100 ;;
        C) run "$name" "C: 1000 subs, 10 pubs" "$rep" 0 $fanout --subscribers 1000 --publishers 10 --window 100 ;;
        D) run "$name" "D: 1000 subs, 1000 msg/s" "$rep" 0 $fanout --subscribers 1000 --publishers 1 \
             --rate 1000 --window 5000 ;;
        E) run "$name" "E: 10000 idle" "$rep" 0 idle --connections 10000 ;;
        M) if [ "$name" = chatd ]; then
             run chatd "M: GET /metrics, 10000 clients" "$rep" 0 idle --connections 10000 \
               --scrape-port "$metrics_port" --scrapes 50
           fi ;;
        T) run "$name" "T: 1000 TLS subs, 1 TLS pub" "$rep" 0 $fanout --subscribers 1000 --publishers 1 --window 100 \
             --tls 1 ;;
        U) run "$name" "U: 10000 idle over TLS" "$rep" 0 idle --connections 10000 --tls 1 ;;
        H) run "$name" "H: TLS handshakes (RSA 2048)" "$rep" 0 handshake --connections 3000 ;;
        S) run "$name" "S: 1000 WebSocket subs, 1 WebSocket pub" "$rep" 0 $fanout --subscribers 1000 --publishers 1 \
             --window 100 --websocket 1 ;;
        N) if [ "$name" = chatd ]; then
             # The single-node figures the cluster's are set against, from the same run.
             run chatd "$cluster_max" "$rep" 0 $fanout --subscribers "$cluster_subs" --publishers 1 --window 100
             run chatd "$cluster_fixed" "$rep" 0 $fanout --subscribers "$cluster_subs" --publishers 1 --rate "$cluster_rate" --window 5000
           fi ;;
        W) ;;
      esac
    done
    if [ "$scenario" = B ] && [[ " $servers " == *" chatd "* ]]; then
      # What io_uring buys: chatd again with one writev per client (the chatd-writev column).
      run chatd-writev "B: 1000 subs, 1 pub" "$rep" 0 $fanout --subscribers 1000 --publishers 1 --window 100
      # What history costs: on disk (chatd-history) against off (chatd-nohistory).
      run chatd-history "B: 1000 subs, 1 pub" "$rep" 0 $fanout --subscribers 1000 --publishers 1 --window 100
      run chatd-nohistory "B: 1000 subs, 1 pub" "$rep" 0 $fanout --subscribers 1000 --publishers 1 --window 100
      # What the metrics endpoint costs while it is scraped (the chatd-scraped column).
      run chatd-scraped "B: 1000 subs, 1 pub" "$rep" 0 $fanout --subscribers 1000 --publishers 1 --window 100
    fi
    if [ "$scenario" = N ]; then
      # The cluster: the subscribers spread over three nodes (subscriber i on node i mod 3), the
      # publisher on node a; as fast as the window allows, then 100 msg/s = 100 000 deliveries/s.
      run_cluster "$cluster_max" "$rep" $fanout --subscribers "$cluster_subs" --publishers 1 --window 100
      run_cluster "$cluster_fixed" "$rep" $fanout --subscribers "$cluster_subs" --publishers 1 --rate "$cluster_rate" --window 5000
    fi
    if [ "$scenario" = W ]; then
      # Worker scaling (chatd only): scenario B with 1 worker on CPU 0 and 2 workers on CPUs
      # 0-1. The generator stays on CPU 1, so with 2 workers it shares that core.
      run chatd-w1 "B on 2 CPUs (workers)" "$rep" 0 $fanout --subscribers 1000 --publishers 1 --window 100
      run chatd-w2 "B on 2 CPUs (workers)" "$rep" 0,1 $fanout --subscribers 1000 --publishers 1 --window 100
    fi
  done
done

{
  echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), kernel $(uname -r)"
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); medians of $reps runs, $seconds s of sending each"
  echo
  "$loadgen" report "$results"
} | tee "$out/table.md"
