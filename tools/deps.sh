#!/bin/sh
# Installs the Debian packages chatd needs to build and test, if any is missing.
# Called by make, make run and make check; cheap when everything is there.
set -eu
# iproute2: the bridge tests build network namespaces; python3: they run the lab's peers.
# Arguments, if any, replace the list (tools/fuzz-deps.sh reuses this installer for clang).
pkgs="g++ make pkg-config libspdlog-dev libtomlplusplus-dev nlohmann-json3-dev libsystemd-dev liburing-dev doctest-dev libcrypt-dev libhttp-parser-dev iproute2 python3"
[ $# -gt 0 ] && pkgs="$*"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "chatd: missing dependencies:$missing" >&2
  echo "run: sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
echo "chatd: installing dependencies:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $missing
