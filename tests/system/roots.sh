# The Debian root file systems of the system test, made once and cached as tarballs in
# $CHATD_SYSTEST_CACHE (default /var/cache/chatd-system-test):
#
#   base   mmdebstrap --variant=minbase: what a Debian build daemon's chroot starts from
#   build  base + build-essential + debian/control's Build-Depends (apt-get build-dep, for the
#          build profiles in $profiles) + the user "builder" + ccache; tests/system/build-deb.sh
#          builds the package in a fresh copy of it, without network
#   boot   base + systemd and the packages named, booted by tests/system/run.sh
#
# Both others are made from the base with apt inside systemd-nspawn, so a cold run downloads
# and unpacks the essential packages once. Each name holds a hash of what the tarball is made
# from (suite, mirror, package list, the Build-Depends fields), so a change rebuilds only the
# tarball it touches, and the stale one is removed. Sourced (bash); the only outside traffic
# is apt talking to the machine's configured Debian mirror.

cache="${CHATD_SYSTEST_CACHE:-/var/cache/chatd-system-test}"
rm -f "$cache"/rootfs-*.tar # the one tarball of the layout before this one
suite=bookworm
# The build profiles of the package build (tests/system/build-deb.sh says why nocheck).
if [ "${CHROOT_CHECK:-0}" = 1 ]; then profiles=""; else profiles=nocheck; fi

# The mirror the machine already uses: deb822 sources first, then one-line sources.list.
mirror="$(awk -v s="$suite" '
  /^URIs:/ { uri = $2 } /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s && uri != "") { print uri; exit } }
  /^$/ { uri = "" }' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)"
if [ -z "$mirror" ]; then
  mirror="$(awk -v s="$suite" '$1 == "deb" { for (i = 2; i < NF; i++) if ($(i + 1) == s && $i !~ /^\[/) { print $i; exit } }' \
    /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1)"
fi
mirror="${mirror:-http://deb.debian.org/debian}"

# Runs a command in the directory tree $1 (not booted; the host's network unless the options
# after it say otherwise). No host machined or system bus: --register=no --keep-unit. nspawn's
# complaint that it cannot clean its propagation directory on a non-tmpfs /run is noise.
in_root() {
  local dir=$1
  shift
  local opts=()
  while [[ ${1:-} == --* ]]; do
    opts+=("$1")
    shift
  done
  systemd-nspawn --quiet --register=no --keep-unit --machine="chatd-root-$$" --directory="$dir" --pipe \
    "${opts[@]}" "$@" 2> >(grep -v 'Attempted to remove disk file system under' >&2)
}

key_of() { printf '%s\n' "$@" | sha256sum | cut -c1-16; }

# Sets the variable $1 to the cached tarball $cache/$2-KEY.tar (KEY from $3), running
# "${@:4}" TARBALL.part to make it first when there is none (its output goes to
# $cache/$2-KEY.log). The older $2-KEY files are removed.
cached_tar() {
  local var=$1 name=$2 key
  key="$(key_of "$3")"
  shift 3
  local tarball="$cache/$name-$key.tar" log="$cache/$name-$key.log"
  printf -v "$var" '%s' "$tarball"
  if [ -s "$tarball" ]; then
    echo "using cached $tarball"
    return 0
  fi
  echo "making $tarball (log: $log)"
  mkdir -p "$cache"
  # Only this name's: build-KEY must not take build-nocheck-KEY with it.
  rm -f "$cache/$name"-$(printf '[0-9a-f]%.0s' {1..16}).*
  if "$@" "$tarball.part" > "$log" 2>&1; then
    mv "$tarball.part" "$tarball"
  else
    tail -n 30 "$log"
    rm -f "$tarball.part"
    return 1
  fi
}

# Both options stay in the tarball's /etc, for every apt and dpkg run in the derived roots:
# no fsync per unpacked file (as sbuild-createchroot sets up; these roots are thrown away, not
# crashed), and no translations to download.
base_options=(--dpkgopt=force-unsafe-io --aptopt='Acquire::Languages "none"')
make_base() {
  mmdebstrap --quiet --variant=minbase --format=tar "${base_options[@]}" "$suite" "$1" \
    "deb $mirror $suite main" "deb $mirror $suite-updates main"
}

# derive_root SCRIPT BASE OUT: unpacks BASE, runs SCRIPT there (sh -eu, stdin passed on, the
# network on), drops apt's lists and downloads, and packs the result as OUT.
derive_root() {
  local script=$1 base=$2 out=$3 dir status
  dir="$(mktemp -d /var/tmp/chatd-root.XXXXXX)"
  tar -C "$dir" -xf "$base" &&
    in_root "$dir" sh -euc "export DEBIAN_FRONTEND=noninteractive
      # Nobody reads man pages here: no man-db index to rebuild at every install.
      echo 'man-db man-db/auto-update boolean false' | debconf-set-selections
      apt-get update -q; $script
      apt-get clean; rm -rf /var/lib/apt/lists/*" &&
    tar -C "$dir" -cf "$out" .
  status=$?
  rm -rf --one-file-system "$dir"
  return $status
}

# Sets base_tar.
ensure_base() {
  base_key="$suite $mirror ${base_options[*]} minbase-2"
  cached_tar base_tar base "$base_key" make_base
}

# Sets build_tar: the base with what `apt-get build-dep` installs for debian/control (read
# from stdin inside) under the build profiles $profiles (may be empty).
ensure_build_root() {
  local fields
  # Only the fields that decide what gets installed: continuation lines included.
  fields="$(awk 'NF == 0 { exit } /^[^ \t]/ { keep = ($0 ~ /^Build-(Depends|Conflicts)/) } keep' debian/control)"
  cached_tar build_tar "build${profiles:+-$profiles}" "$base_key|$fields|build-2" \
    derive_root "mkdir -p /tmp/build-deps/debian; cat > /tmp/build-deps/debian/control
      apt-get build-dep -y -q --no-install-recommends ${profiles:+-P ${profiles// /,}} /tmp/build-deps
      rm -r /tmp/build-deps
      apt-get install -y -q --no-install-recommends ccache
      useradd --create-home builder" "$base_tar" < debian/control
}

# Sets boot_tar: the base with the packages given (one word each).
ensure_boot_root() {
  local packages="$*"
  cached_tar boot_tar boot "$base_key|$packages|boot-1" \
    derive_root "apt-get install -y -q --no-install-recommends $packages" "$base_tar" < /dev/null
}
