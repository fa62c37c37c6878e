#!/bin/sh
# make run: the shipped config's TLS listener (6697) presents Debian's snakeoil certificate.
# ssl-cert's postinst makes it, but machine images often ship without it (a private key
# baked into an image would be shared by every machine made from it). Make it again the way
# the postinst does; without root, say how.
set -eu
cert=/etc/ssl/certs/ssl-cert-snakeoil.pem
key=/etc/ssl/private/ssl-cert-snakeoil.key
[ -r "$cert" ] && [ -r "$key" ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v make-ssl-cert >/dev/null 2>&1; then
  echo "chatd: making Debian's snakeoil certificate for the TLS listener (make-ssl-cert)" >&2
  make-ssl-cert generate-default-snakeoil
  exit 0
fi
if [ -e "$key" ]; then
  echo "chatd: $key is not readable by $(id -un): the TLS listener needs it;" >&2
  echo "run as root, or join the group ssl-cert (sudo adduser $(id -un) ssl-cert, then log in again)" >&2
else
  echo "chatd: Debian's snakeoil certificate is missing: the TLS listener needs it;" >&2
  echo "run: sudo make-ssl-cert generate-default-snakeoil (package ssl-cert)" >&2
fi
exit 1
