#!/bin/sh
# Installs what `make fuzz` needs (clang 14 and its libFuzzer/sanitizer runtimes), if missing.
# Kept out of the default list in tools/deps.sh: an ordinary build never needs clang.
exec "$(dirname "$0")/deps.sh" clang-14 libclang-rt-14-dev
