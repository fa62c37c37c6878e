#!/bin/sh
# Builds the Debian package from the working tree (committed or not) and leaves
# chatd_<version>_<arch>.deb in BUILD (default build/).
#
#   tools/make-deb.sh [BUILD]
#
# The tree is copied to BUILD/deb/src first, so dpkg-buildpackage neither writes its
# results into the directory above the checkout nor touches the developer's build/.
# Installs debhelper and the build dependencies when run as root and they are missing.
set -eu
cd "$(dirname "$0")/.."
build="${1:-build}"
out="$build/deb"
src="$out/src"

need="dpkg-dev debhelper fakeroot g++ make pkg-config libspdlog-dev libtomlplusplus-dev libsystemd-dev doctest-dev"
missing=""
for p in $need; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "make deb: missing packages:$missing" >&2
    echo "run: sudo apt-get install -y$missing" >&2
    exit 1
  fi
  echo "make deb: installing$missing"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing ||
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing; }
fi

rm -rf "$out"
mkdir -p "$src"
# Tracked and new files, not ignored ones (no build directories, no objects).
git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -P -t "$src" 2>/dev/null ||
  { echo "make deb: cannot copy the tree (is this a git checkout?)" >&2; exit 1; }
# A built chatctl (from its branch) is not in git; nothing to copy: the package builds it.

(cd "$src" && dpkg-buildpackage -us -uc -b -jauto)
rm -f "$build"/chatd_*.deb
cp "$out"/chatd_*.deb "$build"/
ls -1 "$build"/chatd_*.deb
