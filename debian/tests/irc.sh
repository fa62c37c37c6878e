# Raw IRC over bash's /dev/tcp for the autopkgtests: a minimal testbed has neither an IRC
# client nor python. Sourced by the tests. Every wait is bounded; every line is echoed.

# irc_open PORT: connects fd 3 to 127.0.0.1:PORT.
irc_open() { exec 3<>"/dev/tcp/127.0.0.1/$1"; }

irc_send() {
  printf '%s\r\n' "$*" >&3
  echo ">> $*"
}

# irc_expect TEXT [SECONDS]: reads lines (answering PING) until one contains TEXT, and fails
# when none has after SECONDS (default 10) or the server closes the connection.
irc_expect() {
  local want=$1 limit=${2:-10} line
  local deadline=$((SECONDS + limit))
  while [ "$SECONDS" -lt "$deadline" ] && IFS= read -r -t "$((deadline - SECONDS))" line <&3; do
    line=${line%$'\r'}
    echo "<< $line"
    [[ $line == PING* ]] && irc_send "PONG ${line#PING }"
    [[ $line == *"$want"* ]] && return 0
  done
  echo "no line containing '$want' within $limit s" >&2
  return 1
}

# irc_register NICK MOTD: registers NICK and waits for the welcome (001), then for the MOTD
# text MOTD and the MOTD's end (376).
irc_register() {
  irc_send "NICK $1"
  irc_send "USER $1 0 * :autopkgtest"
  irc_expect " 001 $1 "
  irc_expect "$2"
  irc_expect " 376 $1 "
}

irc_close() { exec 3<&-; }
