#!/usr/bin/env bash
# bench/cluster-settled.sh CHATCTL STATE-FILE SOCKET...: exits 0 when the chatd cluster is
# quiet: every node's outgoing event queue is empty and no node's published/received counters
# moved since the previous call (whose figures STATE-FILE keeps). Scenario N's generator runs
# it every 250 ms once its clients are in and sends only after it succeeds: until then the
# nodes are still storing and applying the 1000 arrivals and JOINs (each remote JOIN is fanned
# out to every local member), work that would otherwise be measured as the messages' cost.
set -u
chatctl=$1 state=$2
shift 2
now=
for socket in "$@"; do
  status=$("$chatctl" --socket "$socket" --json --timeout 2 status 2>/dev/null) || exit 1
  cluster=${status#*\"cluster\"}
  [ "$cluster" != "$status" ] || exit 1
  grep -q '"queued": *0[,}]' <<<"$cluster" || { : >"$state"; exit 1; }
  now+="$(grep -o '"\(published\|received\)": *[0-9]*' <<<"$cluster" | tr -d ' \n');"
done
previous=$(cat "$state" 2>/dev/null || true)
printf '%s' "$now" >"$state"
[ "$now" = "$previous" ]
