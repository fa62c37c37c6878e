#!/bin/sh
# Installs the Debian packages chatd needs, if any is missing; cheap when everything is there.
#
#   tools/deps.sh --build-depends [PKG...]   debian/control's Build-Depends, and PKG...
#   tools/deps.sh PKG...                     only PKG... (tools/fuzz-deps.sh: clang)
#
# debian/control is the one list of build dependencies. dpkg-checkbuilddeps reads it (version
# constraints, alternatives, debhelper-compat and build-essential included) and `apt-get
# build-dep` installs it, the way a Debian builder does. No build profile is active here, so
# the <!nocheck> ones (what the unit tests need) are installed too: make check runs them.
# Without root it prints the commands to run instead and fails.
set -eu
cd "$(dirname "$0")/.."
build_depends=0
if [ "${1:-}" = --build-depends ]; then
  build_depends=1
  shift
fi

unmet=""
if [ "$build_depends" -eq 1 ]; then
  if ! command -v dpkg-checkbuilddeps >/dev/null 2>&1; then
    unmet="all of them (dpkg-dev, which reads them, is not installed yet)"
  elif ! out="$(env -u DEB_BUILD_PROFILES dpkg-checkbuilddeps 2>&1)"; then
    unmet="${out#*Unmet build dependencies: }"
  fi
fi
missing=""
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$unmet" ] && [ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  [ -n "$unmet" ] && echo "chatd: unmet build dependencies (debian/control): $unmet" >&2
  [ -n "$missing" ] && echo "chatd: missing packages:$missing" >&2
  echo "run: sudo apt-get update$([ -n "$unmet" ] && echo ' && sudo apt-get build-dep -y ./')$(
    [ -n "$missing" ] && echo " && sudo apt-get install -y$missing")" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
if [ -n "$unmet" ]; then
  echo "chatd: installing the build dependencies from debian/control: $unmet"
  apt-get build-dep -y -q --no-install-recommends ./
fi
if [ -n "$missing" ]; then
  echo "chatd: installing:$missing"
  apt-get install -y -q --no-install-recommends $missing
fi
