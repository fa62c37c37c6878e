#!/bin/sh
# Copies the working tree (tracked and new files, committed or not; nothing git ignores, so
# no build directories) into DIR, which it creates. A package is built from such a copy, so
# dpkg-buildpackage never writes beside the checkout nor touches the developer's build/.
#
#   tools/copy-tree.sh DIR
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dest="$(realpath -m "$1")"
cd "$(dirname "$0")/.."
mkdir -p "$dest"
git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -P -t "$dest" 2>/dev/null ||
  { echo "copy-tree: cannot copy the tree to $dest (is this a git checkout?)" >&2; exit 1; }
