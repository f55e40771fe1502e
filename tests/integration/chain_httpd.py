#!/usr/bin/python3
"""An HTTPS server that sends a different certificate file on each connection.

Connection i is served with CERT number i (in turn, wrapping around), with
session tickets off, so every handshake carries a certificate: a client's
second connection can then meet a chain that differs from its first. Loopback
only, at most 20 connections, 60 s in all. Prints "ready" once it listens.

usage: chain_httpd.py PORT KEY PASSFILE CERT...
"""
import socket
import ssl
import sys
import time

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"


def main():
    port, key, passfile, certs = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    with open(passfile, encoding="utf-8") as f:
        password = f.readline().rstrip("\n")
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(4)
    srv.settimeout(5)
    print("ready", flush=True)
    deadline = time.time() + 60
    for i in range(20):
        if time.time() > deadline:
            break
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            continue
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.num_tickets = 0
        ctx.load_cert_chain(certs[i % len(certs)], key, password=password)
        conn.settimeout(10)
        print(f"connection {i}: serving {certs[i % len(certs)]}", flush=True)
        try:
            with ctx.wrap_socket(conn, server_side=True) as tls:
                data = b""
                while b"\r\n\r\n" not in data and len(data) < 65536:
                    chunk = tls.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                tls.sendall(OK)
        except (OSError, ssl.SSLError) as e:
            print(f"connection {i}: {e}", flush=True)


if __name__ == "__main__":
    main()
