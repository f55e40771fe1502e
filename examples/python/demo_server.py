#!/usr/bin/python3
"""demo_server.py: examples/tiny_server.c in Python, with the ssl module only.

It serves one page over TLS 1.2 or 1.3 with the bundled certificate chain and
its passphrase-encrypted private key. Each numbered step is tiny_server.c's
step of the same number (docs/lesson.md puts them side by side).

  usage: demo_server.py [--port N] [--cert FILE] [--key FILE] [--passfile FILE]
    --port      port on 127.0.0.1 (default 8443)
    --cert      certificate chain, leaf first (default certificates/site_public_key.pem)
    --key       its encrypted private key (default certificates/site_private_key.pem)
    --passfile  a file whose first line is the key's passphrase
                (default secret/reminder.txt); the passphrase itself never goes
                on a command line, where every user of the machine can read it

Default paths are relative to the top of the repository. Listens on 127.0.0.1
only; serves one connection at a time; stops on Ctrl-C or SIGTERM (exit 0).
Each connection gets one line: the TLS version and suite and the request line,
or why the connection failed. Exit status 1: cannot set up TLS or listen.
"""
import argparse
import os
import signal
import socket
import ssl
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGE = (b"<!doctype html>\n<title>demo_server.py</title>\n"
        b"<p id=\"marker\">Hello over HTTPS from demo_server.py.</p>\n")


def say(text, stream=sys.stdout):
    print("demo_server: " + text, file=stream, flush=True)


def read_passphrase(path):
    """tiny_server's read_passphrase: the first line of PASSFILE."""
    with open(path, encoding="utf-8") as f:
        return f.readline().rstrip("\r\n")


def read_head(tls):
    """Reads the request head (up to the empty line); returns its first line."""
    head = b""
    while b"\r\n\r\n" not in head and len(head) < 16384:
        data = tls.recv(4096)
        if not data:
            break
        head += data
    return head.split(b"\r\n", 1)[0].decode("latin-1")


def serve(ctx, sock):
    while True:
        # Step 5: accept: a plain TCP connection (civetweb's worker threads in tiny_server).
        conn, addr = sock.accept()
        peer = "%s:%d" % addr
        conn.settimeout(10)
        try:
            # Step 6: wrap: the TLS handshake, server side
            # (civetweb's SSL_new, SSL_set_fd, SSL_accept with our context).
            tls = ctx.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError) as e:
            say("%s: TLS handshake failed: %s" % (peer, describe(e)))
            conn.close()
            continue
        try:
            line = read_head(tls)
            say("%s: %s, %s: %s" % (peer, tls.version(), tls.cipher()[0], line or "(no request)"))
            # Step 7: send (send_page's mg_printf): the head, then the page.
            tls.sendall(b"HTTP/1.1 200 OK\r\n"
                        b"Content-Type: text/html; charset=utf-8\r\n"
                        b"Content-Length: %d\r\n"
                        b"Strict-Transport-Security: max-age=63072000\r\n"
                        b"Connection: close\r\n\r\n" % len(PAGE) + PAGE)
            tls.unwrap()  # close_notify, as civetweb's SSL_shutdown
        except (ssl.SSLError, OSError) as e:
            say("%s: TLS failed after the handshake: %s" % (peer, describe(e)))
        finally:
            tls.close()


def describe(e):
    """OpenSSL's reason in words, e.g. a record that failed its integrity check."""
    reason = getattr(e, "reason", None)
    if reason == "DECRYPTION_FAILED_OR_BAD_RECORD_MAC":
        return ("a record from the client failed its integrity check (bad_record_mac: its "
                "AEAD tag does not match, it was changed on the way); connection closed")
    if reason and reason.startswith("TLSV1_ALERT_") or reason and reason.startswith("SSLV3_ALERT_"):
        return "the client sent the alert %s" % reason.split("_ALERT_", 1)[1].lower()
    if reason:
        return reason
    return str(e) or type(e).__name__


def main():
    parser = argparse.ArgumentParser(description="tiny_server.c in Python's ssl (docs/lesson.md)")
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--cert", default=os.path.join(TOP, "certificates", "site_public_key.pem"))
    parser.add_argument("--key", default=os.path.join(TOP, "certificates", "site_private_key.pem"))
    parser.add_argument("--passfile", default=os.path.join(TOP, "secret", "reminder.txt"))
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    # Step 1: create a context (SSL_CTX_new(TLS_server_method()),
    # SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION)).
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2

    # Step 2: load the PEM: the chain, then the key, opened with its passphrase
    # (SSL_CTX_set_default_passwd_cb, SSL_CTX_use_certificate_chain_file,
    # SSL_CTX_use_PrivateKey_file, SSL_CTX_check_private_key). The callable
    # reads the passphrase file only when OpenSSL asks for it.
    try:
        ctx.load_cert_chain(args.cert, args.key, password=lambda: read_passphrase(args.passfile))
    except (OSError, ssl.SSLError) as e:
        say("cannot set up TLS with %s and %s: %s" % (args.cert, args.key, describe(e)),
            sys.stderr)
        return 1

    try:
        # Step 3: make a socket and bind it (civetweb, from "127.0.0.1:PORTs").
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", args.port))
        # Step 4: listen (civetweb, inside mg_start).
        sock.listen(16)
    except OSError as e:
        say("cannot listen on 127.0.0.1:%d: %s" % (args.port, e.strerror or e), sys.stderr)
        return 1
    say("listening on https://localhost:%d/" % args.port)
    try:
        serve(ctx, sock)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
