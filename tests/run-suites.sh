#!/usr/bin/env bash
# Runs every test suite binary given on the command line, one after the other, streams its output,
# and totals the results. The very last line is always "N passed, M failed"; exit 0 iff M == 0.
#
#   tests/run-suites.sh BIN...
#
# A doctest binary is counted by its summary line
#   [doctest] test cases: 12 | 11 passed | 1 failed | 0 skipped
# Any other suite program reports by printing a line "SUITE: N passed, M failed" (its last such
# line wins, and it wins over a doctest summary). A binary that is missing, crashes, times out,
# reports nothing, or exits non-zero while reporting no failure counts as one more failure.
#
# Environment:
#   DOCTEST_ARGS   extra arguments for every binary (word-split), e.g. "-tc=harness:*"
#                  (--minimal and --quiet suppress the summary: then a clean run counts as failed)
#   SUITE_TIMEOUT  seconds one binary may run before it is killed (default 1800)
set -uo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 BIN..." >&2
  echo "0 passed, 1 failed"
  exit 2
fi

timeout_s="${SUITE_TIMEOUT:-1800}"
read -r -a extra_args <<< "${DOCTEST_ARGS:-}"
log="$(mktemp "${TMPDIR:-/tmp}/run-suites.XXXXXX")"
trap 'rm -f "$log"' EXIT

total_passed=0
total_failed=0
problems=()

for bin in "$@"; do
  echo "=== $bin"
  if [ ! -x "$bin" ]; then
    problems+=("$bin: not found or not executable")
    total_failed=$((total_failed + 1))
    continue
  fi

  # timeout keeps a wedged suite from eating CI's whole budget; tee streams while we keep a copy.
  timeout --kill-after=10 "$timeout_s" "$bin" "${extra_args[@]}" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}

  # Colour codes would break the match if a suite forces them on.
  clean="$(sed -e 's/\x1b\[[0-9;]*m//g' "$log")"
  suite_line="$(grep -E '^SUITE: [0-9]+ passed, [0-9]+ failed' <<< "$clean" | tail -n 1)"
  doctest_line="$(grep -E '^\[doctest\] test cases: *[0-9]+ \| *[0-9]+ passed \| *[0-9]+ failed' <<< "$clean" | tail -n 1)"

  passed=""
  failed=""
  if [ -n "$suite_line" ]; then
    passed="$(sed -E 's/^SUITE: ([0-9]+) passed, ([0-9]+) failed.*/\1/' <<< "$suite_line")"
    failed="$(sed -E 's/^SUITE: ([0-9]+) passed, ([0-9]+) failed.*/\2/' <<< "$suite_line")"
  elif [ -n "$doctest_line" ]; then
    passed="$(sed -E 's/.*\| *([0-9]+) passed \| *([0-9]+) failed.*/\1/' <<< "$doctest_line")"
    failed="$(sed -E 's/.*\| *([0-9]+) passed \| *([0-9]+) failed.*/\2/' <<< "$doctest_line")"
  fi

  if [ -z "$passed" ]; then
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
      problems+=("$bin: killed after ${timeout_s} s without a summary (status $status)")
    elif [ "$status" -gt 128 ]; then
      problems+=("$bin: crashed (signal $((status - 128))) without a summary")
    else
      problems+=("$bin: printed no summary (exit status $status)")
    fi
    total_failed=$((total_failed + 1))
    continue
  fi

  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  if [ "$status" -eq 124 ]; then
    problems+=("$bin: timed out after ${timeout_s} s")
    total_failed=$((total_failed + 1))
  elif [ "$status" -gt 128 ]; then
    problems+=("$bin: crashed (signal $((status - 128))) after its summary")
    total_failed=$((total_failed + 1))
  elif [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    problems+=("$bin: exit status $status although it reported no failure")
    total_failed=$((total_failed + 1))
  elif [ "$failed" -ne 0 ]; then
    problems+=("$bin: $failed failed")
  fi
done

echo "==="
for p in "${problems[@]}"; do
  echo "run-suites: $p"
done
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
