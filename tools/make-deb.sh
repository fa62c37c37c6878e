#!/bin/sh
# Builds the Debian package from the working tree (committed or not) and leaves
# chatd_<version>_<arch>.deb in BUILD (default build/).
#
#   tools/make-deb.sh [BUILD]
#
# Builds on this machine, with what is installed here (tools/copy-tree.sh makes the copy it
# builds from). `make check-system` builds the same way in a clean chroot that has only the
# Build-Depends (tests/system/build-deb.sh).
set -eu
cd "$(dirname "$0")/.."
build="${1:-build}"
out="$build/deb"
src="$out/src"

# debian/control's Build-Depends bring debhelper and, with build-essential, dpkg-dev.
tools/deps.sh --build-depends

rm -rf "$out"
mkdir -p "$src"
tools/copy-tree.sh "$src"

(cd "$src" && dpkg-buildpackage -us -uc -b -jauto)
rm -f "$build"/chatd_*.deb
cp "$out"/chatd_*.deb "$build"/
ls -1 "$build"/chatd_*.deb
