#!/usr/bin/env python3
"""Connections that wait, and the server's CPU time while they do (bounded: N of each kind).

usage: waiting_conns.py PORT CAFILE SERVER_PID N SECONDS

Opens N connections of each kind below, waits a second for the server to read
what they sent, then reads the server's CPU time (utime + stime, /proc/PID/stat)
before and after SECONDS in which nobody sends anything. Kinds:
  nothing  TCP connected, no ClientHello
  head     TLS done, part of a request head ("GET / HT")
  body     TLS done, a whole POST head and 10 of its 100 body bytes
  record   TLS done, half of one TLS record (the bytes of a request, cut in two)
Prints "cpu_ms=<ms> window_ms=<ms> open=<kind>:<n>,..." where open counts the
connections of each kind still open at the end (the server must not have closed
them: the point is what waiting costs, not how it ends).
"""
import os
import select
import socket
import ssl
import sys
import time


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)


def tls_socket(port, ctx):
    raw = socket.create_connection(("127.0.0.1", port), timeout=5)
    return ctx.wrap_socket(raw, server_hostname="localhost")


def half_record(port, ctx):
    """A TLS connection driven through memory BIOs, so one record can be cut in two."""
    raw = socket.create_connection(("127.0.0.1", port), timeout=5)
    inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ctx.wrap_bio(inc, out, server_hostname="localhost")
    while True:
        try:
            tls.do_handshake()
            break
        except ssl.SSLWantReadError:
            raw.sendall(out.read())
            data = raw.recv(65536)
            if not data:
                raise OSError("server closed during the handshake")
            inc.write(data)
    raw.sendall(out.read())
    tls.write(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
    record = out.read()
    raw.sendall(record[: len(record) // 2])
    return raw


def open_kind(kind, port, ctx):
    if kind == "nothing":
        return socket.create_connection(("127.0.0.1", port), timeout=5)
    if kind == "record":
        return half_record(port, ctx)
    s = tls_socket(port, ctx)
    if kind == "head":
        s.sendall(b"GET / HT")
    else:
        s.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n" + b"x" * 10)
    return s


def still_open(s):
    """True unless the server closed the connection (readable with EOF or an error)."""
    r, _, _ = select.select([s], [], [], 0)
    if not r:
        return True
    try:
        # the TCP bytes, past any TLS layer: EOF means the server closed
        return socket.socket.recv(s, 1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def main():
    port, cafile, pid, n, secs = (int(sys.argv[1]), sys.argv[2], int(sys.argv[3]),
                                  int(sys.argv[4]), float(sys.argv[5]))
    ctx = ssl.create_default_context(cafile=cafile)
    conns = {k: [open_kind(k, port, ctx) for _ in range(n)]
             for k in ("nothing", "head", "body", "record")}
    time.sleep(1.0)  # the server reads what was sent, then has nothing more to read
    hz = os.sysconf("SC_CLK_TCK")
    t0, c0 = time.monotonic(), cpu_ticks(pid)
    time.sleep(secs)
    t1, c1 = time.monotonic(), cpu_ticks(pid)
    still = ",".join(f"{k}:{sum(still_open(s) for s in v)}" for k, v in conns.items())
    print(f"cpu_ms={(c1 - c0) * 1000 // hz} window_ms={int((t1 - t0) * 1000)} open={still}")
    for v in conns.values():
        for s in v:
            s.close()


if __name__ == "__main__":
    main()
