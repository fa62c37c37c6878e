#!/usr/bin/env python3
"""A tiny raw-IRC client for the system test (runs inside the container, python3-minimal).

    irc_client.py [--port P] [--tls] [--websocket] [--join CHAN] [--ready-file F] [--timeout S] NICK [EXPECT...]

Registers as NICK on 127.0.0.1, answers PINGs, joins CHAN if given (then creates F), and
exits 0 as soon as every EXPECT string has appeared in some received line, or 1 after
the timeout (default 10 s) printing what it got. Every received line is echoed to stdout.
With --tls it connects over TLS (the certificate is not verified: it may be the snakeoil
one) and first prints "certificate sha256 <hex>", the fingerprint of the server's certificate.
With --websocket it speaks IRC over WebSocket (RFC 6455, subprotocol text.ircv3.net): one
line per masked text frame.
"""
import argparse
import base64
import hashlib
import os
import pathlib
import socket
import ssl
import sys
import time


class WebSocket:
    """Just enough of a WebSocket client for IRC lines: socket-like sendall() and recv()."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall((f"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                      f"Sec-WebSocket-Protocol: text.ircv3.net\r\n\r\n").encode())
        while b"\r\n\r\n" not in self.buffer:
            data = sock.recv(4096)
            if not data:
                raise ConnectionError("closed during the upgrade")
            self.buffer += data
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        print(head.decode("utf-8", "replace").split("\r\n")[0], flush=True)
        if not head.startswith(b"HTTP/1.1 101"):
            raise ConnectionError("no 101 Switching Protocols")

    def settimeout(self, seconds):
        self.sock.settimeout(seconds)

    def sendall(self, data):
        for line in data.decode().split("\r\n"):
            if not line:
                continue
            payload = line.encode()
            mask = os.urandom(4)
            size = len(payload)
            header = bytes([0x81, 0x80 | size]) if size < 126 else bytes([0x81, 0xFE]) + size.to_bytes(2, "big")
            masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            self.sock.sendall(header + mask + masked)

    def frame(self):
        """(opcode, payload) of the first whole frame in the buffer, or None."""
        b = self.buffer
        if len(b) < 2:
            return None
        opcode, size, at = b[0] & 0x0F, b[1] & 0x7F, 2
        if size == 126:
            if len(b) < 4:
                return None
            size, at = int.from_bytes(b[2:4], "big"), 4
        elif size == 127:
            if len(b) < 10:
                return None
            size, at = int.from_bytes(b[2:10], "big"), 10
        if len(b) < at + size:
            return None
        self.buffer = b[at + size:]
        return opcode, b[at:at + size]

    def recv(self, _size):
        """The next text or binary frame's payload as one line ending in \\n; b"" once closed."""
        while True:
            frame = self.frame()
            if frame is None:
                data = self.sock.recv(65536)
                if not data:
                    return b""
                self.buffer += data
            elif frame[0] == 0x8:
                return b""
            elif frame[0] in (0x1, 0x2):
                return frame[1] + b"\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=6667)
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--websocket", action="store_true")
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
    if args.websocket:
        sock = WebSocket(sock)
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
