#!/usr/bin/python3
"""An HTTPS server that sends hostile or unusual redirects (loopback only),
for https_client's -L tests. Prints "ready" once it listens.

usage: redirect_httpd.py PORT CERT KEY PASSFILE

Prints "GET PATH" for each request it reads.
Paths (anything else answers 200 with the request path as the body, so a test
reads where a redirect led):
  .../empty          302 with an empty Location
  .../two            302 with two Location fields (/first, then /second)
  .../long           302 with a Location of 4,400 bytes (/ and 4,399 'a')
  .../dots           302 with Location: a/../../b/./c (relative, dot segments)
  .../abs-dots       302 with Location: https://localhost:PORT/x/../y/./z
  .../to-http        302 with Location: http://localhost:PORT/ (plain http)
"""
import socket
import ssl
import sys
import threading


def redirect(location_lines):
    head = b"HTTP/1.1 302 Found\r\n"
    for loc in location_lines:
        head += b"Location:" + (b" " + loc if loc else b"") + b"\r\n"
    return head + b"Content-Length: 0\r\n\r\n"


def answer(path, port):
    last = path.rsplit(b"/", 1)[-1]
    if last == b"empty":
        return redirect([b""])
    if last == b"two":
        return redirect([b"/first", b"/second"])
    if last == b"long":
        return redirect([b"/" + b"a" * 4399])
    if last == b"dots":
        return redirect([b"a/../../b/./c"])
    if last == b"abs-dots":
        return redirect([b"https://localhost:%d/x/../y/./z" % port])
    if last == b"to-http":
        return redirect([b"http://localhost:%d/" % port])
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(path), path)


def handle(conn, port):
    try:
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        parts = data.split(b"\r\n", 1)[0].split(b" ")
        path = parts[1] if len(parts) > 1 else b"/"
        print("GET", path.decode("latin-1"), flush=True)
        conn.sendall(answer(path, port))
        try:
            conn.unwrap()
        except (ssl.SSLError, OSError):
            pass
    except (ssl.SSLError, OSError):
        pass
    finally:
        conn.close()


def main():
    port, cert, key, passfile = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    with open(passfile) as f:
        password = f.readline().rstrip("\n")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key, password=password)
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(16)
    srv.settimeout(120)  # stops by itself when no client comes for 2 minutes
    print("ready", flush=True)
    while True:
        try:
            sock, _ = srv.accept()
        except socket.timeout:
            return
        sock.settimeout(10)
        try:
            conn = ctx.wrap_socket(sock, server_side=True)
        except (ssl.SSLError, OSError):
            sock.close()
            continue
        threading.Thread(target=handle, args=(conn, port), daemon=True).start()


if __name__ == "__main__":
    main()
