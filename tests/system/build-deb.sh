#!/usr/bin/env bash
# Builds the Debian package the way a Debian build daemon does: dpkg-buildpackage, as an
# ordinary user, without network, in a fresh chroot that holds only build-essential and
# debian/control's Build-Depends (the cached build root of tests/system/roots.sh). Builds the
# working tree (tools/copy-tree.sh), source and binary packages, and leaves them with the
# .changes and the build log in OUT.
#
# The one thing in the chroot beyond the Build-Depends is ccache (as sbuild users set it up),
# with its cache in $cache/ccache: a second build of the same tree compiles nothing again,
# and a changed file only itself. It cannot hide a missing Build-Depends: a header that is
# not installed makes the preprocessor fail, hit or miss.
#
#   tests/system/build-deb.sh OUT          (as root; tests/system/run.sh calls it)
#
# Environment:
#   CHROOT_CHECK=1  build with the unit tests (dh_auto_test) and their <!nocheck> Build-Depends,
#                   as a build daemon does. By default the nocheck profile and option leave them
#                   out: make check has run them, and they would double the build's time.
set -uo pipefail
out="$(realpath -m "${1:?usage: build-deb.sh OUT}")"
cd "$(dirname "$0")/../.." || exit 1
source tests/system/roots.sh
ensure_base || exit 1
ensure_build_root || exit 1

version="$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)"
dir="$(mktemp -d /var/tmp/chatd-build.XXXXXX)"
# The build runs as a job in a process group of its own (set -m), so that a signal here (a
# timeout, ^C) ends all of it before its tree is removed.
set -m
job=""
cleanup() {
  if [ -n "$job" ]; then
    kill -TERM -- "-$job" 2>/dev/null
    wait "$job"
  fi
  rm -rf --one-file-system "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
tar -C "$dir" -xf "$build_tar" || exit 1
tools/copy-tree.sh "$dir/build/chatd-$version" || exit 1
mkdir -p "$out" "$cache/ccache"
rm -f "$out"/chatd*_*
chown -R "$(awk -F: '$1 == "builder" { print $3 ":" $4 }' "$dir/etc/passwd")" "$cache/ccache"
echo "building chatd $version (profiles: ${profiles:-none}; log: $out/build.log)"
in_root "$dir" --private-network --bind="$cache/ccache:/var/cache/ccache" sh -euc "
    chown -R builder /build
    cd /build/chatd-$version
    export CCACHE_DIR=/var/cache/ccache CCACHE_MAXSIZE=2G
    runuser -u builder -- ccache --zero-stats >/dev/null
    runuser -u builder -- env PATH=/usr/lib/ccache:\$PATH \
      DEB_BUILD_OPTIONS='$profiles parallel=$(nproc)' DEB_BUILD_PROFILES='$profiles' dpkg-buildpackage -us -uc -F
    runuser -u builder -- ccache --show-stats --verbose > /build/ccache.stats" > "$out/build.log" 2>&1 &
job=$!
wait "$job"
status=$?
job=""
if [ "$status" -ne 0 ]; then
  tail -n 40 "$out/build.log"
  echo "build-deb: dpkg-buildpackage failed (log: $out/build.log)"
  exit 1
fi
find "$dir/build" -maxdepth 1 -type f -name 'chatd*_*' -exec cp -t "$out" {} +
echo "ccache:$(grep -E '^ *(Hits|Misses):' "$dir/build/ccache.stats" | head -n 2 | tr -s ' \n' ' ')"
ls -1 "$out"/chatd*_*
