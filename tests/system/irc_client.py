#!/usr/bin/env python3
"""A tiny raw-IRC client for the system test (runs inside the container, python3-minimal).

    irc_client.py [--port P] [--tls] [--join CHAN] [--ready-file F] [--timeout S] NICK [EXPECT...]

Registers as NICK on 127.0.0.1, answers PINGs, joins CHAN if given (then creates F), and
exits 0 as soon as every EXPECT string has appeared in some received line, or 1 after
the timeout (default 10 s) printing what it got. Every received line is echoed to stdout.
With --tls it connects over TLS (the certificate is not verified: it may be the snakeoil
one) and first prints "certificate sha256 <hex>", the fingerprint of the server's certificate.
"""
import argparse
import hashlib
import pathlib
import socket
import ssl
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=6667)
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--join")
    parser.add_argument("--ready-file")
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("nick")
    parser.add_argument("expect", nargs="*")
    args = parser.parse_args()

    deadline = time.monotonic() + args.timeout
    pending = list(args.expect)
    sock = socket.create_connection(("127.0.0.1", args.port), timeout=args.timeout)
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        sock = context.wrap_socket(sock)
        der = sock.getpeercert(binary_form=True)
        print(f"certificate sha256 {hashlib.sha256(der).hexdigest()} {sock.version()}", flush=True)
    sock.sendall(f"NICK {args.nick}\r\nUSER {args.nick} 0 * :system test\r\n".encode())
    buffer = b""
    registered = False
    while time.monotonic() < deadline:
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            data = sock.recv(65536)
        except socket.timeout:
            break
        if not data:
            print("connection closed by server")
            break
        buffer += data
        while b"\n" in buffer:
            raw, buffer = buffer.split(b"\n", 1)
            line = raw.decode("utf-8", "replace").rstrip("\r")
            print(line, flush=True)
            words = line.split(" ")
            if words[0] == "PING":
                sock.sendall(("PONG " + " ".join(words[1:]) + "\r\n").encode())
            if len(words) > 1 and words[1] == "001" and not registered:
                registered = True
                if args.join:
                    sock.sendall(f"JOIN {args.join}\r\n".encode())
            if args.join and len(words) > 1 and words[1] == "366" and args.ready_file:
                pathlib.Path(args.ready_file).touch()
            pending = [p for p in pending if p not in line]
        if registered and not pending:
            sock.sendall(b"QUIT :done\r\n")
            return 0
    print(f"timed out; registered={registered}; still expected: {pending}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
