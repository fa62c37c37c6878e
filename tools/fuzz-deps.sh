#!/bin/sh
# Installs what `make fuzz` needs (clang 14 and its libFuzzer/sanitizer runtimes), if missing.
# Not in debian/control's Build-Depends: neither the package nor make check needs clang.
exec "$(dirname "$0")/deps.sh" clang-14 libclang-rt-14-dev
