#!/bin/sh
# Installs what `make check-cluster` needs (nats-server, the NATS JetStream server its tests run
# three of), if missing. Not in debian/control's Build-Depends: neither the package build nor
# make check needs it. A nats-server from elsewhere in PATH (or NATS_SERVER) is used as it is.
if [ -n "${NATS_SERVER:-}" ] || command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ]; then
  exit 0
fi
exec "$(dirname "$0")/deps.sh" nats-server
