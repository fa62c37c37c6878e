#!/usr/bin/env bash
# Lints every man page with both formatters Debian users will see them through: mandoc's
# linter and groff with all warnings. Anything either prints is a failure, and so is a
# missing linter (make deps installs both: CHECK_TOOLS in the Makefile). Prints
# "SUITE: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
passed=0
failed=0
for page in man/*.[1-8]; do
  for linter in mandoc groff; do
    if ! command -v "$linter" >/dev/null; then
      echo "FAIL: $linter is not installed (make deps installs it), so $page is not linted"
      failed=$((failed + 1))
      continue
    fi
    if [ "$linter" = mandoc ]; then
      out="$(mandoc -T lint -W warning "$page" 2>&1)"
    else
      out="$(LC_ALL=C.UTF-8 groff -man -ww -z "$page" 2>&1)"
    fi
    if [ -z "$out" ]; then
      passed=$((passed + 1))
    else
      echo "FAIL: $linter $page"
      echo "$out"
      failed=$((failed + 1))
    fi
  done
done
echo "SUITE: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
