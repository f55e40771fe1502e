#!/usr/bin/env python3
"""Sends raw request bytes over TLS and reports what came back.

usage: raw_request.py PORT CAFILE HEX_OR_TEXT [--wait S] [--then TEXT]

The request text may use \\r \\n \\t escapes. Prints one line:
  status=<code or none> closed=<yes|no> body=<first 200 bytes, escaped>
"closed" means the server ended the connection within --wait seconds after
its response; with --then, a second request is sent on the same connection
first and its status is printed as then=<code or none>.
"""
import argparse
import socket
import ssl
import sys
import time


def read_response(s, deadline):
    data = b""
    closed = False
    while time.monotonic() < deadline:
        s.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        except (ssl.SSLError, OSError):
            closed = True
            break
        if not chunk:
            closed = True
            break
        data += chunk
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep:
            length = None
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if length is not None and len(body) >= length:
                break
    return data, closed


def status_of(data):
    if data.startswith(b"HTTP/1.1 "):
        return data[9:12].decode()
    return "none"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("cafile")
    ap.add_argument("request")
    ap.add_argument("--wait", type=float, default=3.0)
    ap.add_argument("--then")
    a = ap.parse_args()
    req = a.request.encode().decode("unicode_escape").encode("latin-1")
    ctx = ssl.create_default_context(cafile=a.cafile)
    raw = socket.create_connection(("127.0.0.1", a.port), timeout=5)
    s = ctx.wrap_socket(raw, server_hostname="localhost")
    s.sendall(req)
    data, closed = read_response(s, time.monotonic() + a.wait)
    out = "status=%s" % status_of(data)
    head, _, body = data.partition(b"\r\n\r\n")
    if a.then is not None and not closed:
        s.sendall(a.then.encode().decode("unicode_escape").encode("latin-1"))
        data2, closed = read_response(s, time.monotonic() + a.wait)
        out += " then=%s" % status_of(data2)
    if not closed:
        # the server may close right after its response: give it a moment
        s.settimeout(min(a.wait, 1.0))
        try:
            closed = s.recv(1) == b""
        except socket.timeout:
            closed = False
        except (ssl.SSLError, OSError):
            closed = True
    out += " closed=%s" % ("yes" if closed else "no")
    out += " conn_close_hdr=%s" % ("yes" if b"\r\nconnection: close" in head.lower() else "no")
    out += " body=%r" % body[:200]
    print(out)


if __name__ == "__main__":
    sys.exit(main())
