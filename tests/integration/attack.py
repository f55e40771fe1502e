#!/usr/bin/env python3
"""Slow and idle clients against a TLS server on loopback, bounded in count and time.

usage: attack.py PORT CAFILE N SECONDS PROBE_CMD...

Opens N connections of each kind, then for SECONDS keeps the slow ones
trickling (one byte a second) while running PROBE_CMD once a second (a normal
request; its output goes to our stdout). Kinds:
  raw    TCP connected, never sends a ClientHello
  idle   TLS handshake done, then silent
  head   TLS done, request head sent one byte a second
  body   TLS done, full head of a POST with Content-Length: 100000, body one byte a second
Prints one line per kind at the end: "<kind> opened=<n> closed_by_server=<n>
closed_after_s=<max seconds from open to close>".
"""
import socket
import ssl
import subprocess
import sys
import time

HEAD = b"GET /slow HTTP/1.1\r\nHost: localhost\r\nX-Pad: " + b"a" * 200 + b"\r\n\r\n"
BODY_HEAD = (b"POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n")


class Conn:
    def __init__(self, kind, sock):
        self.kind = kind
        self.sock = sock
        self.opened = time.monotonic()
        self.closed = None
        self.sent = 0


def open_conn(kind, port, ctx):
    raw = socket.create_connection(("127.0.0.1", port), timeout=5)
    if kind == "raw":
        return Conn(kind, raw)
    s = ctx.wrap_socket(raw, server_hostname="localhost")
    c = Conn(kind, s)
    if kind == "body":
        s.sendall(BODY_HEAD)
    return c


def alive(c):
    """Polls for the server's close without blocking."""
    if c.closed is not None:
        return False
    try:
        c.sock.setblocking(False)
        data = c.sock.recv(4096)
        if data == b"":
            c.closed = time.monotonic()
            return False
    except (BlockingIOError, ssl.SSLWantReadError):
        return True
    except (OSError, ssl.SSLError):
        c.closed = time.monotonic()
        return False
    finally:
        try:
            c.sock.setblocking(True)
            c.sock.settimeout(2)
        except OSError:
            pass
    return True


def trickle(c):
    try:
        if c.kind == "head" and c.sent < len(HEAD):
            c.sock.sendall(HEAD[c.sent:c.sent + 1])
            c.sent += 1
        elif c.kind == "body":
            c.sock.sendall(b"x")
    except (OSError, ssl.SSLError):
        c.closed = c.closed or time.monotonic()


def main():
    port, cafile, n, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    probe = sys.argv[5:]
    ctx = ssl.create_default_context(cafile=cafile)
    conns = []
    for kind in ("raw", "idle", "head", "body"):
        for _ in range(n):
            try:
                conns.append(open_conn(kind, port, ctx))
            except (OSError, ssl.SSLError) as e:
                print("open %s failed: %s" % (kind, e), flush=True)
    print("attack: %d connections open" % len(conns), flush=True)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        tick = time.monotonic()
        for c in conns:
            if alive(c):
                trickle(c)
        if probe:
            subprocess.run(probe, check=False)
            sys.stdout.flush()
        time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
    for kind in ("raw", "idle", "head", "body"):
        mine = [c for c in conns if c.kind == kind]
        for c in mine:
            alive(c)
        gone = [c for c in mine if c.closed is not None]
        worst = max((c.closed - c.opened for c in gone), default=0.0)
        print("%s opened=%d closed_by_server=%d closed_after_s=%.1f"
              % (kind, len(mine), len(gone), worst))
    for c in conns:
        c.sock.close()


if __name__ == "__main__":
    sys.exit(main())
