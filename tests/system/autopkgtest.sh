#!/bin/bash
# Runs a source tree's autopkgtests (debian/tests/control) against the packages installed on
# this machine, as autopkgtest's "null" runner would, for the part of the specification
# (/usr/share/doc/autopkgtest/README.package-tests.rst) that a testbed without network can
# honour. tests/system/run.sh copies it into the booted container with the tree's debian/.
#
#   autopkgtest.sh SRCDIR
#
#  * Tests: (in Tests-Directory, default debian/tests) and Test-Command: run from SRCDIR with
#    stdin from /dev/null, AUTOPKGTEST_TMP and AUTOPKGTEST_ARTIFACTS set; as root with
#    needs-root, else as the user nobody (autopkgtest picks a non-root user when it can).
#  * Depends: must already be installed ("@" is every package debian/control builds); this
#    machine cannot download. @builddeps@ and unmet ones fail the test.
#  * Pass: exit status 0 and, unless allow-stderr, nothing on stderr. skippable: 77 skips.
#  * Restrictions: isolation-container holds inside a container; needs-internet, needs-reboot,
#    isolation-machine, build-needed and any unknown one skip the test.
#
# Prints each test's output, then one line "autopkgtest: NAME PASS|FAIL|SKIP [reason]" per
# test; exits 1 if one failed.
set -uo pipefail
src="$(realpath "${1:?usage: autopkgtest.sh SRCDIR}")"
control="$src/debian/tests/control"
cd "$src" || exit 1
[ -f "$control" ] || { echo "autopkgtest: no $control"; exit 1; }

# One line per stanza: its fields as NAME=VALUE joined by \x1f, continuation lines folded.
stanzas() {
  awk 'function flush() { if (rec != "") print rec; rec = "" }
       /^#/ { next }
       NF == 0 { flush(); next }
       /^[ \t]/ { sub(/^[ \t]+/, " "); rec = rec $0; next }
       { i = index($0, ":"); f = tolower(substr($0, 1, i - 1)); v = substr($0, i + 1); sub(/^[ \t]+/, "", v)
         rec = rec (rec == "" ? "" : "\037") f "=" v }
       END { flush() }' "$1"
}

# field NAME RECORD
field() { tr '\037' '\n' <<< "$2" | sed -n "s/^$1=//p"; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

own_packages="$(sed -n 's/^Package:[ \t]*//p' debian/control | tr '\n' ' ')"

# Prints why the Depends value $1 is not met, or nothing.
unmet_depends() {
  local item alt ok name
  while IFS= read -r item; do
    item="$(sed 's/^ *//; s/ *$//' <<< "$item")"
    [ -z "$item" ] && continue
    if [ "$item" = "@" ]; then
      for name in $own_packages; do installed "$name" || echo "$name"; done
      continue
    fi
    [[ $item == *@builddeps@* ]] && { echo "@builddeps@ (cannot install here)"; continue; }
    ok=0
    while IFS= read -r alt; do
      name="$(sed -E 's/\(.*\)//; s/\[.*\]//; s/<.*>//; s/:[a-z0-9-]+//; s/ //g' <<< "$alt")"
      installed "$name" && ok=1
    done < <(tr '|' '\n' <<< "$item")
    [ "$ok" -eq 1 ] || echo "$item"
  done < <(tr ',' '\n' <<< "$1")
}

results=()
failed=0
# run_test NAME COMMAND RESTRICTIONS DEPENDS
run_test() {
  local name=$1 command=$2 restrictions=" ${3//,/ } " depends=$4 r unmet
  for r in $restrictions; do
    case "$r" in
      needs-root | allow-stderr | skippable | breaks-testbed | superficial | flaky | rw-build-tree | \
        hint-testsuite-triggers | needs-sudo) ;;
      isolation-container)
        systemd-detect-virt --container --quiet || { results+=("$name SKIP needs a container"); return; } ;;
      *) results+=("$name SKIP restriction $r cannot be met here"); return ;;
    esac
  done
  unmet="$(unmet_depends "$depends" | paste -sd, -)"
  if [ -n "$unmet" ]; then
    results+=("$name FAIL dependencies not installed: $unmet")
    failed=1
    return
  fi
  local tmp status
  tmp="$(mktemp -d)"
  chmod 755 "$tmp"
  mkdir -p "$tmp/tmp" "$tmp/artifacts"
  local as=(runuser -u nobody --)
  if [[ $restrictions == *" needs-root "* ]]; then
    as=()
  else
    chown -R nobody "$tmp/tmp" "$tmp/artifacts"
  fi
  echo "--- autopkgtest $name: $command"
  "${as[@]}" env AUTOPKGTEST_TMP="$tmp/tmp" AUTOPKGTEST_ARTIFACTS="$tmp/artifacts" \
    ADTTMP="$tmp/tmp" ADT_ARTIFACTS="$tmp/artifacts" sh -c "$command" < /dev/null 2> "$tmp/stderr"
  status=$?
  if [ -s "$tmp/stderr" ]; then
    sed 's/^/stderr: /' "$tmp/stderr"
  fi
  if [ "$status" -eq 77 ] && [[ $restrictions == *" skippable "* ]]; then
    results+=("$name SKIP exit status 77")
  elif [ "$status" -ne 0 ]; then
    results+=("$name FAIL non-zero exit status $status")
    failed=1
  elif [ -s "$tmp/stderr" ] && [[ $restrictions != *" allow-stderr "* ]]; then
    results+=("$name FAIL stderr: $(head -n 1 "$tmp/stderr")")
    failed=1
  else
    results+=("$name PASS")
  fi
  rm -rf "$tmp"
}

while IFS= read -r stanza; do
  tests="$(field tests "$stanza")"
  command="$(field test-command "$stanza")"
  dir="$(field tests-directory "$stanza")"
  restrictions="$(field restrictions "$stanza")"
  depends="$(field depends "$stanza")"
  depends="${depends:-@}"
  if [ -n "$command" ]; then
    run_test "command${#results[@]}" "$command" "$restrictions" "$depends"
  fi
  for t in ${tests//,/ }; do
    run_test "$t" "'$src/${dir:-debian/tests}/$t'" "$restrictions" "$depends"
  done
done < <(stanzas "$control")

for line in "${results[@]}"; do
  echo "autopkgtest: $line"
done
[ "${#results[@]}" -gt 0 ] || { echo "autopkgtest: no tests in $control"; exit 1; }
exit "$failed"
