#!/bin/sh
# Installs what `make fuzz` needs (clang 14 and its libFuzzer/sanitizer runtimes), if missing.
# Kept out of tools/deps.sh: an ordinary build never needs clang.
set -eu
pkgs="clang-14 libclang-rt-14-dev"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "chatd: missing fuzzing dependencies:$missing" >&2
  echo "run: sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $missing
