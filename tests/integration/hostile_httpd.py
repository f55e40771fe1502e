#!/usr/bin/env python3
"""A hostile HTTPS server for https_client's time limits (loopback only).

usage: hostile_httpd.py PORT CERT KEY PASSFILE
Paths:
  /endless-chunked  a chunked body that never ends (a chunk every 10 ms)
  /endless-length   Content-Length: 10^12, a few bytes every 10 ms
  /finite           a normal 5-byte answer
A second port (PORT + 1) accepts TCP connections and never answers the
ClientHello. Prints "ready" once both listen; stops by itself after 120 s.
"""
import socket
import ssl
import sys
import threading
import time


def serve(conn):
    try:
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        path = data.split(b" ", 2)[1] if data.count(b" ") >= 2 else b"/"
        if path == b"/endless-chunked":
            conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            while True:
                conn.sendall(b"10\r\n" + b"x" * 16 + b"\r\n")
                time.sleep(0.01)
        elif path == b"/endless-length":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000000\r\n\r\n")
            while True:
                conn.sendall(b"y" * 16)
                time.sleep(0.01)
        else:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
    except (ssl.SSLError, OSError):
        pass
    finally:
        conn.close()


def silent(srv, held):
    while True:
        conn, _ = srv.accept()
        held.append(conn)


def main():
    port, cert, key, passfile = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    with open(passfile) as f:
        password = f.read().strip()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key, password=password)
    srv = socket.create_server(("127.0.0.1", port))
    quiet = socket.create_server(("127.0.0.1", port + 1))
    held = []
    threading.Thread(target=silent, args=(quiet, held), daemon=True).start()
    print("ready", flush=True)
    end = time.time() + 120
    srv.settimeout(1)
    while time.time() < end:
        try:
            raw, _ = srv.accept()
        except socket.timeout:
            continue
        try:
            conn = ctx.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):
            raw.close()
            continue
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
