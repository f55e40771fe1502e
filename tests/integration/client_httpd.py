#!/usr/bin/python3
"""A purpose-made HTTPS server for https_client's tests (loopback only).

Each path sends a canned response, most of them malformed on purpose, so the
client's strict HTTP/1.1 parser and its timeouts can be tested against a peer
that is not our own server. Prints "ready" once it listens.

usage: client_httpd.py PORT CERT KEY PASSFILE
       client_httpd.py --silent PORT     accepts TCP, never answers (handshake timeout)
       client_httpd.py --blackhole PORT  a full accept queue: connects hang (connect timeout)
       client_httpd.py --nocert PORT     raw TLS 1.2: ServerHello (ECDHE-ECDSA-AES128-GCM),
                                         then ServerHelloDone without any Certificate
"""
import os
import socket
import ssl
import sys
import threading
import time

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
RESPONSES = {
    "/ok": OK,
    "/chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                b"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: y\r\n\r\n",
    "/close": b"HTTP/1.1 200 OK\r\n\r\nuntil close",
    "/interim": b"HTTP/1.1 100 Continue\r\n\r\n" + OK,
    "/404": b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found",
    "/redirect-same": b"HTTP/1.1 302 Found\r\nLocation: /ok\r\nContent-Length: 0\r\n\r\n",
    "/redirect-other": b"HTTP/1.1 301 Moved\r\nLocation: https://example.com/\r\n"
                       b"Content-Length: 0\r\n\r\n",
    "/redirect-loop": b"HTTP/1.1 302 Found\r\nLocation: /redirect-loop\r\n"
                      b"Content-Length: 0\r\n\r\n",
    "/bad-status": b"HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n",
    "/not-http": b"SSH-2.0-OpenSSH_9.2\r\n\r\n",
    "/bare-lf": b"HTTP/1.1 200 OK\nContent-Length: 5\n\nhello",
    "/obs-fold": b"HTTP/1.1 200 OK\r\nX-A: 1\r\n  folded\r\nContent-Length: 5\r\n\r\nhello",
    "/space-before-colon": b"HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\nhello",
    "/cl-conflict": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
    "/cl-bad": b"HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello",
    "/te-and-cl": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                  b"5\r\nhello\r\n0\r\n\r\n",
    "/te-gzip": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxx",
    "/chunk-bad": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
    "/chunk-huge": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                   b"ffffffffffffffffff\r\nhello\r\n0\r\n\r\n",
    "/truncated": b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this",
    "/long-line": b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 9000 + b"\r\nContent-Length: 0\r\n\r\n",
    "/many-headers": b"HTTP/1.1 200 OK\r\n" + b"X-H: 1\r\n" * 150 + b"Content-Length: 0\r\n\r\n",
    "/huge-head": b"HTTP/1.1 200 OK\r\n" + (b"X-H: " + b"b" * 8000 + b"\r\n") * 9 +
                  b"Content-Length: 0\r\n\r\n",
    "/big": b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 100000,
    "/big-close": b"HTTP/1.1 200 OK\r\n\r\n" + b"x" * 100000,
    "/no-response": b"",
}


def handle(conn):
    try:
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        line = data.split(b"\r\n", 1)[0].decode("latin-1")
        parts = line.split(" ")
        path = parts[1] if len(parts) > 1 else "/"
        if path == "/echo":
            body = data
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        elif path == "/slow-head":
            time.sleep(5)
            conn.sendall(OK)
        elif path == "/slow-body":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhel")
            time.sleep(5)
        else:
            conn.sendall(RESPONSES.get(path, RESPONSES["/404"]))
        try:
            conn.unwrap()
        except (ssl.SSLError, OSError):
            pass
    except (ssl.SSLError, OSError):
        pass
    finally:
        conn.close()


def hold(mode, port):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", int(port)))
    held = []
    if mode == "--blackhole":
        # Linux drops SYNs once the accept queue (backlog 0 keeps one) is full.
        srv.listen(0)
        for _ in range(4):
            c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            c.setblocking(False)
            c.connect_ex(("127.0.0.1", int(port)))
            held.append(c)
        print("ready", flush=True)
        time.sleep(120)
        return
    srv.listen(16)
    print("ready", flush=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        conn, _ = srv.accept()
        held.append(conn)


def nocert(port):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", int(port)))
    srv.listen(4)
    print("ready", flush=True)
    while True:
        conn, _ = srv.accept()
        conn.settimeout(10)
        try:
            conn.recv(65536)  # the ClientHello, whatever it offers
            body = b"\x03\x03" + os.urandom(32) + b"\x00" + b"\xc0\x2b" + b"\x00"
            hello = b"\x02" + len(body).to_bytes(3, "big") + body
            done = b"\x0e\x00\x00\x00"
            msgs = hello + done
            conn.sendall(b"\x16\x03\x03" + len(msgs).to_bytes(2, "big") + msgs)
            conn.recv(65536)
        except OSError:
            pass
        conn.close()


def main():
    if sys.argv[1] == "--nocert":
        nocert(sys.argv[2])
        return
    if sys.argv[1] in ("--silent", "--blackhole"):
        hold(sys.argv[1], sys.argv[2])
        return
    port, cert, key, passfile = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    with open(passfile) as f:
        password = f.readline().rstrip("\n")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key, password=password)
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", int(port)))
    srv.listen(16)
    print("ready", flush=True)
    while True:
        sock, _ = srv.accept()
        sock.settimeout(10)
        try:
            conn = ctx.wrap_socket(sock, server_side=True)
        except (ssl.SSLError, OSError):
            sock.close()
            continue
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
