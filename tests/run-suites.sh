#!/usr/bin/env bash
# Runs every test suite binary given on the command line, one after the other, streams its output,
# and totals the results. The very last line is always "N passed, M failed"; exit 0 iff M == 0.
#
#   tests/run-suites.sh [--shards=N] BIN...
#
# A doctest binary is counted by its summary line
#   [doctest] test cases: 12 | 11 passed | 1 failed | 0 skipped
# Any other suite program reports by printing a line "SUITE: N passed, M failed" (its last such
# line wins, and it wins over a doctest summary). A binary that is missing, crashes, times out,
# reports nothing, or exits non-zero while reporting no failure counts as one more failure.
#
# --shards=N applies to the doctest binary right after it: its source files are split into N
# groups of about as many test cases (whole files, so a file's tests keep their order), run as
# N processes at once, and their summaries added up. The black-box tests spend most of their
# time waiting for daemons and timeouts, so on two cores two shards take about half as long.
# Each shard's output is printed when all have finished.
#
# Environment:
#   DOCTEST_ARGS   extra arguments for every binary (word-split), e.g. "-tc=harness:*"
#                  (--minimal and --quiet suppress the summary: then a clean run counts as failed)
#   SUITE_TIMEOUT  seconds one binary (or one shard) may run before it is killed (default 1800)
set -uo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 [--shards=N] BIN..." >&2
  echo "0 passed, 1 failed"
  exit 2
fi

timeout_s="${SUITE_TIMEOUT:-1800}"
read -r -a extra_args <<< "${DOCTEST_ARGS:-}"
logdir="$(mktemp -d "${TMPDIR:-/tmp}/run-suites.XXXXXX")"
trap 'rm -rf "$logdir"' EXIT

total_passed=0
total_failed=0
problems=()

# account NAME LOG STATUS: adds the counts NAME's output (in LOG) reported and its problems.
account() {
  local name=$1 log=$2 status=$3 clean suite_line doctest_line passed="" failed=""
  # Colour codes would break the match if a suite forces them on.
  clean="$(sed -e 's/\x1b\[[0-9;]*m//g' "$log")"
  suite_line="$(grep -E '^SUITE: [0-9]+ passed, [0-9]+ failed' <<< "$clean" | tail -n 1)"
  doctest_line="$(grep -E '^\[doctest\] test cases: *[0-9]+ \| *[0-9]+ passed \| *[0-9]+ failed' <<< "$clean" | tail -n 1)"
  if [ -n "$suite_line" ]; then
    passed="$(sed -E 's/^SUITE: ([0-9]+) passed, ([0-9]+) failed.*/\1/' <<< "$suite_line")"
    failed="$(sed -E 's/^SUITE: ([0-9]+) passed, ([0-9]+) failed.*/\2/' <<< "$suite_line")"
  elif [ -n "$doctest_line" ]; then
    passed="$(sed -E 's/.*\| *([0-9]+) passed \| *([0-9]+) failed.*/\1/' <<< "$doctest_line")"
    failed="$(sed -E 's/.*\| *([0-9]+) passed \| *([0-9]+) failed.*/\2/' <<< "$doctest_line")"
  fi

  if [ -z "$passed" ]; then
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
      problems+=("$name: killed after ${timeout_s} s without a summary (status $status)")
    elif [ "$status" -gt 128 ]; then
      problems+=("$name: crashed (signal $((status - 128))) without a summary")
    else
      problems+=("$name: printed no summary (exit status $status)")
    fi
    total_failed=$((total_failed + 1))
    return
  fi

  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  if [ "$status" -eq 124 ]; then
    problems+=("$name: timed out after ${timeout_s} s")
    total_failed=$((total_failed + 1))
  elif [ "$status" -gt 128 ]; then
    problems+=("$name: crashed (signal $((status - 128))) after its summary")
    total_failed=$((total_failed + 1))
  elif [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    problems+=("$name: exit status $status although it reported no failure")
    total_failed=$((total_failed + 1))
  elif [ "$failed" -ne 0 ]; then
    problems+=("$name: $failed failed")
  fi
}

# shard_filters BIN N: prints N lines, each a comma-separated list of source files, balanced
# by test-case count (largest file first onto the lightest shard).
shard_filters() {
  "$1" -ltc -r=xml "${extra_args[@]}" 2>/dev/null |
    sed -n 's/.*<TestCase .* filename="\([^"]*\)".*skipped="false".*/\1/p' | sort | uniq -c | sort -rn |
    awk -v n="$2" '
      { file[NR] = $2; count[NR] = $1 }
      END {
        for (s = 1; s <= n; s++) load[s] = 0
        for (i = 1; i <= NR; i++) {
          best = 1
          for (s = 2; s <= n; s++) if (load[s] < load[best]) best = s
          load[best] += count[i]
          list[best] = list[best] (list[best] == "" ? "" : ",") file[i]
        }
        for (s = 1; s <= n; s++) print list[s]
      }'
}

# run_sharded BIN N
run_sharded() {
  local bin=$1 n=$2 i=0 filters pids=() names=() logs=()
  mapfile -t filters < <(shard_filters "$bin" "$n")
  for f in "${filters[@]}"; do
    [ -n "$f" ] || continue
    i=$((i + 1))
    logs+=("$logdir/shard-$i.log")
    names+=("$bin (shard $i of $n)")
    timeout --kill-after=10 "$timeout_s" "$bin" "${extra_args[@]}" -sf="$f" > "$logdir/shard-$i.log" 2>&1 &
    pids+=($!)
  done
  if [ "$i" -eq 0 ]; then
    problems+=("$bin: listed no test cases to shard")
    total_failed=$((total_failed + 1))
    return
  fi
  local statuses=()
  for p in "${pids[@]}"; do
    wait "$p"
    statuses+=($?)
  done
  for k in "${!logs[@]}"; do
    echo "--- ${names[$k]}"
    cat "${logs[$k]}"
    account "${names[$k]}" "${logs[$k]}" "${statuses[$k]}"
  done
}

shards=1
for arg in "$@"; do
  case $arg in
    --shards=*)
      shards=${arg#--shards=}
      continue
      ;;
  esac
  bin=$arg
  echo "=== $bin"
  if [ ! -x "$bin" ]; then
    problems+=("$bin: not found or not executable")
    total_failed=$((total_failed + 1))
  elif [ "$shards" -gt 1 ]; then
    run_sharded "$bin" "$shards"
  else
    # timeout keeps a wedged suite from eating CI's whole budget; tee streams while we keep a copy.
    timeout --kill-after=10 "$timeout_s" "$bin" "${extra_args[@]}" 2>&1 | tee "$logdir/suite.log"
    account "$bin" "$logdir/suite.log" "${PIPESTATUS[0]}"
  fi
  shards=1
done

echo "==="
for p in "${problems[@]}"; do
  echo "run-suites: $p"
done
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
