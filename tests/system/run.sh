#!/usr/bin/env bash
# End-to-end test of the Debian package: builds it in a clean Debian bookworm chroot that has
# only its Build-Depends (tests/system/build-deb.sh), lints it, boots a Debian bookworm
# container (systemd-nspawn, private network) and checks install, units, readiness, the
# package's autopkgtests (debian/tests), socket activation, IRC, reload, restart after a
# crash, and purge. Prints "SUITE: N passed, M failed" last (tests/run-suites.sh reads it).
#
#   tests/system/run.sh            (as root; make check-system)
#
# Environment:
#   BUILD          build directory; the packages and the build log go to BUILD/system
#   CHATD_SYSTEST_CACHE  where the root file systems are cached as tarballs
#                  (default /var/cache/chatd-system-test; see tests/system/roots.sh)
#   CHROOT_CHECK=1 run the unit tests in the chroot build too (tests/system/build-deb.sh)
#   KEEP=1         leave the container's directory behind for inspection
#   CHATD_DEB=path test this .deb instead of building one
#
# The only outside traffic is apt / mmdebstrap talking to the machine's configured Debian
# mirror, while a root file system is made; the build and the container have no network but
# loopback.
set -uo pipefail
cd "$(dirname "$0")/../.."
build="${BUILD:-build}"
source tests/system/roots.sh
started_at=$SECONDS

passed=0
failed=0
phase_start=$SECONDS
phase() { # prints the time the previous phase took
  echo "--- $1 (previous phase: $((SECONDS - phase_start)) s)"
  phase_start=$SECONDS
}
pass() { echo "PASS: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }
skip() { echo "SKIP: $1"; }
finish() {
  echo "system test took $((SECONDS - started_at)) s"
  echo "SUITE: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

if [ "$(id -u)" -ne 0 ]; then
  echo "skipping the system test: it must run as root (it boots a container)"
  finish
fi

# --- tools -------------------------------------------------------------------------------
phase "tools"
tools="mmdebstrap systemd-container lintian"
missing=""
for p in $tools; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $missing >/dev/null ||
    { fail "install the test tools:$missing"; finish; }
fi

# --- the package, built as a Debian build daemon would, and the checks that need no container
if [ -n "${CHATD_DEB:-}" ]; then
  deb="$CHATD_DEB"
  lint="$deb"
else
  # Phases of their own, to see where the time goes; build-deb.sh finds both in the cache.
  phase "base root file system"
  ensure_base || { fail "mmdebstrap makes the base root file system"; finish; }
  phase "build root file system"
  ensure_build_root || { fail "apt-get build-dep installs debian/control's Build-Depends in a chroot"; finish; }
  phase "build in a clean chroot"
  tests/system/build-deb.sh "$build/system"
  deb="$(ls -1 "$build"/system/chatd_*.deb 2>/dev/null | head -n 1)"
  lint="$(ls -1 "$build"/system/chatd_*.changes 2>/dev/null | head -n 1)"
  if [ -z "$deb" ] || [ -z "$lint" ]; then
    fail "dpkg-buildpackage builds the package in a chroot with only the Build-Depends"
    finish
  fi
  pass "dpkg-buildpackage builds $(basename "$deb") in a chroot with only the Build-Depends (profiles: ${profiles:-none})"
fi

phase "lintian"
if out="$(lintian --pedantic -I --fail-on error,warning "$lint" 2>&1)"; then
  pass "lintian --pedantic $(basename "$lint"): no errors or warnings"
else
  echo "$out"
  fail "lintian --pedantic -I --fail-on error,warning $(basename "$lint")"
fi
echo "$out" | grep -v 'running with root privileges' | sed 's/^/  lintian: /'

phase "unit hardening"
units="$(mktemp -d)"
dpkg-deb -x "$deb" "$units"
exposure="$(cd "$units/lib/systemd/system" && systemd-analyze security --offline=yes chatd.service 2>/dev/null |
  sed -n 's/.*Overall exposure level for chatd.service: \([0-9.]*\).*/\1/p')"
rm -rf "$units"
if [ -n "$exposure" ] && awk -v e="$exposure" 'BEGIN { exit !(e <= 1.5) }'; then
  pass "systemd-analyze security: exposure $exposure <= 1.5"
else
  fail "systemd-analyze security: exposure '${exposure:-?}' <= 1.5"
fi

has_chatctl=0
# Listed first: grep -q would stop reading early, and pipefail would count dpkg-deb's SIGPIPE.
contents="$(dpkg-deb -c "$deb")"
grep -q ' \./usr/bin/chatctl$' <<<"$contents" && has_chatctl=1
[ "$has_chatctl" -eq 1 ] || echo "NOTE: the package has no /usr/bin/chatctl yet: its steps are skipped or replaced by SIGHUP"

# --- the root file system to boot, cached -------------------------------------------------
phase "boot root file system"
# systemd, man-db (systemd-analyze verify checks Documentation=man:...), the test client,
# passwd (useradd), and the package's run-time dependencies (the first of each
# alternative, versions dropped), so apt installs the .deb offline inside.
deps="$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -e 's/|.*//' -e 's/(.*)//' -e 's/ //g' | grep -v '^$')"
packages="$(printf '%s\n' systemd systemd-sysv dbus libsystemd0 man-db python3-minimal passwd $deps | sort -u | paste -sd ' ' -)"
if ! { ensure_base && ensure_boot_root $packages; }; then
  fail "apt installs systemd and the package's dependencies in the boot root file system"
  finish
fi

# --- boot ----------------------------------------------------------------------------------
phase "boot"
work="$(mktemp -d /var/tmp/chatd-systest.XXXXXX)"
root="$work/root"
machine="chatd-systest-$$"
nspawn_pid=""
leader=""
cleanup() {
  if [ -n "$leader" ] && kill -0 "$leader" 2>/dev/null; then
    nsenter -t "$leader" -a systemctl poweroff >/dev/null 2>&1 || kill -TERM "$nspawn_pid" 2>/dev/null
  fi
  if [ -n "$nspawn_pid" ]; then
    for _ in $(seq 1 100); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$nspawn_pid" 2>/dev/null
    wait "$nspawn_pid" 2>/dev/null
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "left $work"; else rm -rf --one-file-system "$work"; fi
}
trap cleanup EXIT
# Without these, a signal (run-suites' timeout, ^C) would end the script without cleanup,
# leaving the container running.
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$root"
tar -C "$root" -xf "$boot_tar"
cp "$deb" "$root/root/"
cp tests/system/irc_client.py "$root/usr/local/bin/irc-client"
# The autopkgtests run from a copy of the source tree, as autopkgtest runs them.
cp tests/system/autopkgtest.sh "$root/usr/local/bin/autopkgtest-run"
tools/copy-tree.sh "$root/usr/src/chatd"
debname="$(basename "$deb")"
# No host machined or system bus here: --register=no --keep-unit keep nspawn off D-Bus.
systemd-nspawn --quiet --register=no --keep-unit --boot --private-network \
  --directory="$root" --machine="$machine" --console=passive > "$work/console.log" 2>&1 &
nspawn_pid=$!
for _ in $(seq 1 100); do
  leader="$(pgrep -P "$nspawn_pid" -x systemd | head -n 1)"
  [ -n "$leader" ] && break
  sleep 0.2
done
if [ -z "$leader" ]; then
  cat "$work/console.log"
  fail "the container boots"
  finish
fi

# Runs a command inside the container.
c() { nsenter -t "$leader" -a "$@"; }
# Waits up to $1 seconds until "$@" (after the first argument) succeeds in the container.
wait_for() {
  local limit=$1
  shift
  for _ in $(seq 1 $((limit * 5))); do
    c "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}
# PID 1 exists before its manager socket does.
wait_for 30 test -S /run/systemd/private
state="$(c timeout 60 systemctl is-system-running --wait 2>&1)"
if [ "$state" = running ]; then
  pass "the container boots (systemd: running)"
else
  c systemctl --failed --no-legend
  fail "the container boots (systemd: $state)"
fi

main_pid() { c systemctl show -P MainPID chatd.service; }
journal() { c journalctl -q -o cat -u chatd.service --no-pager "$@"; }
# Whether the journal has PATTERN. Read whole first: `journal | grep -q` stops reading at the
# first match, and under pipefail journalctl's SIGPIPE would turn a match into a failure.
in_journal() {
  local pattern=$1 text
  shift
  text="$(journal "$@")"
  grep -q -- "$pattern" <<<"$text"
}
set_motd() { c sed -i "s/^motd = .*/motd = \"$1\"/" /etc/chatd/chatd.toml; }
# Reloads the way an administrator would; without chatctl (not merged yet) `systemctl reload`
# cannot work, so SIGHUP stands in and the journal tells whether the reload took.
reload() {
  if [ "$has_chatctl" -eq 1 ]; then
    c systemctl reload chatd.service
  else
    local before
    before="$(journal | grep -c 'configuration reloaded\|reload failed')"
    c systemctl kill --signal=HUP --kill-who=main chatd.service
    for _ in $(seq 1 50); do
      [ "$(journal | grep -c 'configuration reloaded\|reload failed')" -gt "$before" ] && break
      sleep 0.2
    done
    journal | grep 'configuration reloaded\|reload failed' | tail -n 1 | grep -q 'configuration reloaded'
  fi
}

# --- install -------------------------------------------------------------------------------
phase "install"
if c env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "/root/$debname" > "$work/apt.log" 2>&1; then
  pass "apt-get install ./$debname (offline)"
else
  cat "$work/apt.log"
  fail "apt-get install ./$debname (offline)"
  finish
fi
c getent passwd chatd >/dev/null && pass "the postinst created the system user chatd" || fail "the postinst created the system user chatd"

verify="$(c systemd-analyze verify chatd.service chatd.socket chatd-web.socket 2>&1)"
if [ "$has_chatctl" -eq 0 ]; then
  # Until chatctl lands, ExecReload names a binary the package does not ship yet.
  verify="$(grep -v 'Command /usr/bin/chatctl is not executable' <<< "$verify")"
fi
if [ -z "$verify" ]; then
  pass "systemd-analyze verify chatd.service chatd.socket chatd-web.socket: silent"
else
  echo "$verify"
  fail "systemd-analyze verify chatd.service chatd.socket chatd-web.socket: silent"
fi

# --- running ---------------------------------------------------------------------------------
phase "running"
if wait_for 20 systemctl is-active --quiet chatd.service && c systemctl is-active --quiet chatd.socket chatd-web.socket; then
  pass "chatd.socket, chatd-web.socket and chatd.service are active after install"
else
  c systemctl status --no-pager chatd.socket chatd-web.socket chatd.service
  fail "chatd.socket, chatd-web.socket and chatd.service are active after install"
fi
# Four sockets: 6667 and 6697 named irc, 8097 and 8098 named websocket.
started="$(journal)"
adopted="$(grep -c "socket '\(irc\|websocket\)' from systemd" <<<"$started" || true)"
[ "$adopted" -ge 4 ] && pass "chatd adopted its four sockets from chatd.socket and chatd-web.socket" ||
  fail "chatd adopted its four sockets from chatd.socket and chatd-web.socket (saw $adopted)"
in_journal 'ready with' && pass "journalctl -u chatd has the start-up line" ||
  fail "journalctl -u chatd has the start-up line"
# The unit's SystemCallFilter=@system-service must leave io_uring usable (it is in @aio), or
# every fan-out silently takes the slower writev path.
in_journal 'sending with io_uring' && pass "chatd sends with io_uring inside the unit's sandbox" ||
  fail "chatd sends with io_uring inside the unit's sandbox: $(journal | grep 'ready with\|io_uring')"
c test -r /etc/chatd/chatd.toml && c runuser -u chatd -- test -r /etc/chatd/chatd.toml &&
  pass "user chatd can read /etc/chatd/chatd.toml" || fail "user chatd can read /etc/chatd/chatd.toml"
status="$(c systemctl show -P StatusText chatd.service)"
[[ $status == *clients*channels* ]] && pass "STATUS= line: '$status'" || fail "STATUS= line: '$status'"

if c irc-client alice "Welcome to chatd" > "$work/client.log" 2>&1; then
  pass "an IRC client registers on 127.0.0.1:6667 and gets the MOTD"
else
  cat "$work/client.log"
  fail "an IRC client registers on 127.0.0.1:6667 and gets the MOTD"
fi

if [ "$has_chatctl" -eq 1 ]; then
  c rm -f /tmp/ready
  c irc-client --join '#lobby' --ready-file /tmp/ready --timeout 15 bob "system test announcement" > "$work/announce.log" 2>&1 &
  client=$!
  wait_for 10 test -e /tmp/ready
  c chatctl announce "system test announcement" && wait "$client" && pass "an IRC client receives chatctl announce" || {
    cat "$work/announce.log"
    fail "an IRC client receives chatctl announce"
  }
  if c useradd --system --no-create-home outsider && ! c runuser -u outsider -- chatctl status >/dev/null 2>&1 &&
     c chatctl status >/dev/null; then
    pass "chatctl: refused for a user outside the group chatd, allowed for root"
  else
    fail "chatctl: refused for a user outside the group chatd, allowed for root"
  fi
else
  skip "chatctl announce and the admin-group check: /usr/bin/chatctl is not in the package yet"
fi

# --- autopkgtest ---------------------------------------------------------------------------
# Before the reload phase: the service test expects the shipped configuration.
phase "autopkgtest"
c autopkgtest-run /usr/src/chatd > "$work/autopkgtest.log" 2>&1
ran=0
before=$failed
while read -r _ name verdict reason; do
  ran=1
  # Every test in debian/tests/control can run in this container: a skip is a hole.
  [ "$verdict" = PASS ] && pass "autopkgtest $name" || fail "autopkgtest $name: $verdict $reason"
done < <(grep '^autopkgtest: [^ ]* \(PASS\|FAIL\|SKIP\)' "$work/autopkgtest.log")
[ "$ran" -eq 1 ] || fail "the autopkgtests of debian/tests/control run"
[ "$failed" -eq "$before" ] || cat "$work/autopkgtest.log"

# --- reload ----------------------------------------------------------------------------------
phase "reload"
pid="$(main_pid)"
set_motd "system test MOTD two"
if reload && c irc-client carol "system test MOTD two" > "$work/client.log" 2>&1; then
  pass "reload applies a changed MOTD$([ "$has_chatctl" -eq 0 ] && echo ' (SIGHUP)')"
else
  cat "$work/client.log"
  fail "reload applies a changed MOTD"
fi
c cp /etc/chatd/chatd.toml /root/chatd.toml.good
c sh -c 'echo "no_such_key = 1" >> /etc/chatd/chatd.toml'
set_motd "system test MOTD three"
if reload; then
  fail "a reload with a broken config is reported as failed"
else
  pass "a reload with a broken config is reported as failed$([ "$has_chatctl" -eq 1 ] && echo ' (systemctl reload exits non-zero)')"
fi
if c systemctl is-active --quiet chatd.service && [ "$(main_pid)" = "$pid" ] &&
   c irc-client dave "system test MOTD two" > "$work/client.log" 2>&1; then
  pass "after the failed reload chatd runs on, same PID, old config"
else
  cat "$work/client.log"
  fail "after the failed reload chatd runs on, same PID, old config"
fi
in_journal 'reload failed' -p err && pass "the failed reload is in the journal at priority err" ||
  fail "the failed reload is in the journal at priority err"
c cp /root/chatd.toml.good /etc/chatd/chatd.toml

# --- TLS -------------------------------------------------------------------------------------
phase "tls"
# The fingerprint of a certificate file inside the container, as irc-client --tls prints it.
fingerprint() { c openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f'; }
c id -nG chatd | grep -qw ssl-cert && pass "sysusers put the user chatd in the group ssl-cert" ||
  fail "sysusers put the user chatd in the group ssl-cert: $(c id -nG chatd)"
snakeoil="$(fingerprint /etc/ssl/certs/ssl-cert-snakeoil.pem)"
if c irc-client --tls --port 6697 tlsuser "Welcome to the chatd Network" > "$work/client.log" 2>&1 &&
   grep -q "certificate sha256 $snakeoil" "$work/client.log"; then
  pass "TLS on 6697 works after install, with Debian's snakeoil certificate"
else
  cat "$work/client.log"
  fail "TLS on 6697 works after install, with Debian's snakeoil certificate ($snakeoil)"
fi
in_journal 'TLS in user space' && pass "chatd logs which TLS path it uses" ||
  fail "chatd logs which TLS path it uses"
pid="$(main_pid)"
c mkdir -p /etc/chatd/tls
c openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=renewed.chatd -days 30 \
  -keyout /etc/chatd/tls/privkey.pem -out /etc/chatd/tls/fullchain.pem 2>/dev/null
c chgrp ssl-cert /etc/chatd/tls/privkey.pem
c chmod 0640 /etc/chatd/tls/privkey.pem
c sed -i -e 's|^certificate = .*|certificate = "/etc/chatd/tls/fullchain.pem"|' \
  -e 's|^key = .*|key = "/etc/chatd/tls/privkey.pem"|' /etc/chatd/chatd.toml
renewed="$(fingerprint /etc/chatd/tls/fullchain.pem)"
if reload && [ "$(main_pid)" = "$pid" ] &&
   c irc-client --tls --port 6697 tlsuser2 "Welcome to the chatd Network" > "$work/client.log" 2>&1 &&
   grep -q "certificate sha256 $renewed" "$work/client.log"; then
  pass "systemctl reload moves TLS to a new certificate (same PID)"
else
  cat "$work/client.log"
  fail "systemctl reload moves TLS to a new certificate (same PID)"
fi
c cp /root/chatd.toml.good /etc/chatd/chatd.toml
reload >/dev/null 2>&1
# Files the package does not own would keep /etc/chatd alive through the purge below.
c rm -r /etc/chatd/tls

# --- metrics ---------------------------------------------------------------------------------
phase "metrics"
# http_get PORT PATH: a GET on 127.0.0.1 with the container's python3 (no curl in the root).
http_get() {
  c python3 -c 'import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 5)
s.sendall(b"GET " + sys.argv[2].encode() + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
print(b"".join(iter(lambda: s.recv(65536), b"")).decode())' "$1" "$2" 2>&1
}
scrape="$(http_get 9477 /metrics)"
if head -n 1 <<<"$scrape" | grep -q '^HTTP/1.1 200' && grep -q '^chatd_build_info{version=' <<<"$scrape" &&
   grep -q '^chatd_tls_handshakes_total{result="ok"} [1-9]' <<<"$scrape"; then
  pass "the packaged chatd answers /metrics on 127.0.0.1:9477 (TLS handshakes counted)"
else
  head -n 20 <<<"$scrape"
  fail "the packaged chatd answers /metrics on 127.0.0.1:9477"
fi
health="$(http_get 9477 /healthz)"
head -n 1 <<<"$health" | grep -q '^HTTP/1.1 200' && pass "/healthz is 200 under systemd" ||
  fail "/healthz is 200 under systemd: $(head -n 1 <<<"$health")"

# --- web ---------------------------------------------------------------------------------------
phase "web"
page="$(http_get 8097 /)"
if head -n 1 <<<"$page" | grep -q '^HTTP/1.1 200' && grep -q 'Nickname' <<<"$page"; then
  pass "the web client is served on http://127.0.0.1:8097/ after install"
else
  head -n 5 <<<"$page"
  fail "the web client is served on http://127.0.0.1:8097/ after install"
fi
if c irc-client --websocket --port 8097 webuser "Welcome to the chatd Network" > "$work/client.log" 2>&1; then
  pass "an IRC client over WebSocket registers on 8097"
else
  cat "$work/client.log"
  fail "an IRC client over WebSocket registers on 8097"
fi

# --- crash and restart ---------------------------------------------------------------------
phase "restart"
pid="$(main_pid)"
c sh -c "kill -KILL $pid"  # dash's builtin: minbase has no procps
restarted=0
for _ in $(seq 1 75); do
  now="$(main_pid)"
  if [ -n "$now" ] && [ "$now" != 0 ] && [ "$now" != "$pid" ] && c systemctl is-active --quiet chatd.service; then
    restarted=1
    break
  fi
  sleep 0.2
done
[ "$restarted" -eq 1 ] && pass "systemd restarts chatd after kill -9 (pid $pid -> $now)" ||
  fail "systemd restarts chatd after kill -9"
c irc-client erin "Welcome" > "$work/client.log" 2>&1 && pass "the restarted chatd serves IRC" ||
  fail "the restarted chatd serves IRC"

# --- socket activation ---------------------------------------------------------------------
phase "socket activation"
c systemctl stop chatd.service 2>/dev/null
if c systemctl is-active --quiet chatd.socket && ! c systemctl is-active --quiet chatd.service &&
   c irc-client frank "Welcome" > "$work/client.log" 2>&1 && c systemctl is-active --quiet chatd.service; then
  pass "with chatd stopped, a client on port 6667 starts it through chatd.socket"
else
  cat "$work/client.log"
  fail "with chatd stopped, a client on port 6667 starts it through chatd.socket"
fi
c systemctl stop chatd.service 2>/dev/null
if c systemctl is-active --quiet chatd-web.socket && ! c systemctl is-active --quiet chatd.service &&
   c irc-client --websocket --port 8097 grace "Welcome" > "$work/client.log" 2>&1 &&
   c systemctl is-active --quiet chatd.service; then
  pass "with chatd stopped, a WebSocket client on port 8097 starts it through chatd-web.socket"
else
  cat "$work/client.log"
  fail "with chatd stopped, a WebSocket client on port 8097 starts it through chatd-web.socket"
fi

# --- stop and purge --------------------------------------------------------------------------
phase "stop and purge"
if c systemctl stop chatd.socket chatd-web.socket chatd.service && ! c systemctl is-active --quiet chatd.service; then
  pass "systemctl stop chatd"
else
  fail "systemctl stop chatd"
fi
if in_journal 'stopped'; then
  pass "chatd logged a graceful stop"
else
  journal | tail -n 8
  fail "chatd logged a graceful stop"
fi
c env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q chatd > "$work/apt.log" 2>&1 || cat "$work/apt.log"
left="$(c sh -c 'find /etc /lib/systemd /usr/lib/systemd /usr/lib/sysusers.d /var/lib/systemd/deb-systemd-helper-enabled \
  /usr/sbin /usr/bin -name "*chatd*" -o -name chatctl 2>/dev/null')"
if [ -z "$left" ] && ! c dpkg -s chatd >/dev/null 2>&1; then
  pass "apt purge leaves no unit files or configuration behind"
else
  echo "$left"
  fail "apt purge leaves no unit files or configuration behind"
fi

phase "done"
finish
