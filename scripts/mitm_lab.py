#!/usr/bin/python3
"""A machine in the middle, for the lab (docs/lab.md): two attacks on HTTPS,
each on loopback between our client and our server.

  scripts/mitm_lab.py tamper   --listen PORT --to PORT [--record N]
  scripts/mitm_lab.py impostor --listen PORT --to PORT [--dir DIR] [--cacert FILE]

tamper: a TCP relay that reads the TLS record headers going by (5 bytes in
clear: content type, version, length) and flips one bit in the first
encrypted application-data record the client sends after the handshake: the
HTTP request. It cannot read or forge a record, only change one; the
receiver's AEAD check (the authentication tag at the end of every record)
catches the change, and the connection dies with the alert bad_record_mac.

  Which record is the request: in TLS 1.3 every encrypted record says
  "application data" (23) on the outside, the client's Finished too. The
  server sends its own encrypted records (EncryptedExtensions, Certificate,
  CertificateVerify, Finished) before the client's first one, so when the
  server has sent type-23 records before the client's first, that first one
  is the client's Finished (TLS 1.3) and the request is its second. In TLS
  1.2 the client's Finished is a Handshake record (22): its first type-23
  record is the request. (A client certificate adds records: --record N
  picks the client's Nth type-23 record instead.)

impostor: a relay that ends the client's TLS with a certificate of its own
for localhost, from a root CA of its own (made with https_pki init in DIR the
first time), reads the request in clear, and passes it on over a new TLS
connection to the real server. A client that trusts only the demo root
refuses it; a client that trusts the impostor's root cannot tell.

Each mode prints "listening on https://localhost:PORT/" when ready and one
line per event; it stops on Ctrl-C or SIGTERM. Loopback only.
Exit status: 0 stopped by a signal, 1 setup failed, 2 usage.
"""
import argparse
import os
import select
import signal
import socket
import ssl
import subprocess
import sys
import threading

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST = "127.0.0.1"
TYPES = {20: "ChangeCipherSpec", 21: "Alert", 22: "Handshake", 23: "ApplicationData"}


def say(prog, text):
    print("%s: %s" % (prog, text), flush=True)


def listener(port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen(16)
    return sock


def close_quietly(*socks):
    for s in socks:
        try:
            s.close()
        except OSError:
            pass


class Conn:
    """One relayed connection: what the tamper mode has seen of it."""

    def __init__(self, number, record):
        self.number = number
        self.record = record  # the client's Nth type-23 record, or 0: decide as above
        self.lock = threading.Lock()
        self.server_app = 0  # type-23 records the server sent so far
        self.client_app = 0  # type-23 records the client sent so far
        self.server_app_before_client = None  # server type-23 records before the client's first
        self.flipped = False

    def is_request(self):
        """Called for each client type-23 record: is this the HTTP request?"""
        if self.record:
            return self.client_app == self.record
        tls13 = self.server_app_before_client > 0
        return self.client_app == (2 if tls13 else 1)


def records(buf):
    """Splits buf into whole TLS records; returns (records, rest)."""
    out = []
    while len(buf) >= 5:
        length = int.from_bytes(buf[3:5], "big")
        if len(buf) < 5 + length:
            break
        out.append(bytearray(buf[:5 + length]))
        buf = buf[5 + length:]
    return out, buf


def pump_records(src, dst, conn, from_client):
    """Forwards src to dst record by record, counting type-23 records and, from
    the client, flipping one bit of the request record."""
    buf = b""
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            recs, buf = records(buf + data)
            for rec in recs:
                rtype = rec[0]
                with conn.lock:
                    if rtype == 23 and not from_client:
                        conn.server_app += 1
                    elif rtype == 23 and from_client:
                        if conn.server_app_before_client is None:
                            conn.server_app_before_client = conn.server_app
                        conn.client_app += 1
                        if not conn.flipped and conn.is_request() and len(rec) > 6:
                            # Byte 5 is the first byte of the encrypted content.
                            before = rec[5]
                            rec[5] ^= 0x01
                            conn.flipped = True
                            say("tamper", "connection %d: client -> server record %d "
                                "(ApplicationData, %d bytes): flipped the lowest bit of "
                                "its first encrypted byte (0x%02x -> 0x%02x)"
                                % (conn.number, conn.client_app, len(rec) - 5, before,
                                   rec[5]))
                dst.sendall(rec)
            if buf[:1] and buf[0] not in TYPES:
                # Not TLS: pass it on as it is.
                dst.sendall(buf)
                buf = b""
        if buf:
            dst.sendall(buf)
    except OSError:
        pass
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def serve_tamper(args):
    sock = listener(args.listen)
    say("tamper", "listening on https://localhost:%d/ (relaying to 127.0.0.1:%d)"
        % (args.listen, args.to))
    number = 0
    while True:
        client, _ = sock.accept()
        number += 1
        try:
            server = socket.create_connection((HOST, args.to), timeout=10)
            server.settimeout(None)
        except OSError as e:
            say("tamper", "connection %d: cannot reach 127.0.0.1:%d: %s"
                % (number, args.to, e.strerror or e))
            close_quietly(client)
            continue
        conn = Conn(number, args.record)
        threads = [threading.Thread(target=pump_records, args=(client, server, conn, True)),
                   threading.Thread(target=pump_records, args=(server, client, conn, False))]

        def finish(threads=threads, client=client, server=server, conn=conn):
            for t in threads:
                t.join()
            close_quietly(client, server)
            if not conn.flipped:
                say("tamper", "connection %d: closed; no request record went by, nothing "
                    "was changed" % conn.number)

        for t in threads:
            t.daemon = True
            t.start()
        threading.Thread(target=finish, daemon=True).start()


def make_impostor_chain(directory, pki):
    """The impostor's own root, intermediate and localhost leaf (https_pki init)."""
    leaf = os.path.join(directory, "certificates", "site_public_key.pem")
    if os.path.exists(leaf):
        return
    say("impostor", "making its own chain with %s init --dir %s" % (pki, directory))
    done = subprocess.run([pki, "init", "--dir", directory], stdout=subprocess.DEVNULL)
    if done.returncode != 0:
        raise SystemExit("impostor: https_pki init failed (exit %d)\n"
                         "fix: cmake --build build --target https_pki" % done.returncode)


def read_passphrase(path):
    # Like the demo server's: the first line of a file, never a command-line argument.
    with open(path, encoding="utf-8") as f:
        return f.readline().rstrip("\r\n")


def pump_plain(client, server, number):
    """Both directions in one thread: an SSL object must not be used by two threads at once
    (a reader and a writer on the same connection lost an answer now and then)."""
    names = {client: "client", server: "server"}
    other = {client: server, server: client}
    shown = set()
    open_ = {client, server}
    try:
        while open_:
            ready = [s for s in open_ if s.pending()]
            if not ready:
                ready, _, _ = select.select(list(open_), [], [], 30)
                if not ready:
                    break
            for src in ready:
                src.setblocking(False)
                try:
                    data = src.recv(65536)
                except ssl.SSLWantReadError:
                    continue  # a record that carries no data (a session ticket, say)
                finally:
                    src.setblocking(True)
                if not data:
                    open_.discard(src)
                    try:
                        other[src].shutdown(socket.SHUT_WR)
                    except (OSError, ssl.SSLError):
                        pass
                    continue
                if src not in shown:
                    first = data.split(b"\r\n", 1)[0].decode("latin-1")
                    say("impostor", "connection %d: read in clear from the %s: %s"
                        % (number, names[src], first))
                    shown.add(src)
                other[src].sendall(data)
    except (OSError, ssl.SSLError):
        pass


def relay_impostor(raw, number, server_ctx, upstream_ctx, to):
    try:
        client = server_ctx.wrap_socket(raw, server_side=True)
    except (ssl.SSLError, OSError) as e:
        reason = getattr(e, "reason", None) or str(e)
        if "_ALERT_" in reason:
            reason = "it sent the alert " + reason.split("_ALERT_", 1)[1].lower()
        say("impostor", "connection %d: the client refused the impostor's certificate (%s)"
            % (number, reason))
        close_quietly(raw)
        return
    try:
        server = upstream_ctx.wrap_socket(socket.create_connection((HOST, to), timeout=10),
                                          server_hostname="localhost")
        server.settimeout(None)
    except (ssl.SSLError, OSError) as e:
        say("impostor", "connection %d: cannot reach the real server: %s" % (number, e))
        close_quietly(client)
        return
    say("impostor", "connection %d: the client accepted the impostor's certificate" % number)
    pump_plain(client, server, number)
    close_quietly(client, server)


def serve_impostor(args):
    directory = os.path.abspath(args.dir)
    make_impostor_chain(directory, args.pki)
    passfile = os.path.join(directory, "secret", "reminder.txt")
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        server_ctx.load_cert_chain(os.path.join(directory, "certificates", "site_public_key.pem"),
                                   os.path.join(directory, "certificates", "site_private_key.pem"),
                                   password=lambda: read_passphrase(passfile))
    except (OSError, ssl.SSLError) as e:
        raise SystemExit("impostor: cannot load its chain from %s: %s\n"
                         "fix: remove %s and run again (a new chain is made)"
                         % (directory, e, directory))
    # Towards the real server the impostor is an ordinary client: it trusts the demo root.
    upstream_ctx = ssl.create_default_context(cafile=args.cacert)
    sock = listener(args.listen)
    root = os.path.join(directory, "ca_certificates_for_client", "ca_public_key.pem")
    say("impostor", "its own root CA: %s" % root)
    say("impostor", "listening on https://localhost:%d/ (relaying to https://localhost:%d/)"
        % (args.listen, args.to))
    number = 0
    while True:
        raw, _ = sock.accept()
        number += 1
        threading.Thread(target=relay_impostor, daemon=True,
                         args=(raw, number, server_ctx, upstream_ctx, args.to)).start()


def main():
    parser = argparse.ArgumentParser(description="A machine in the middle, for the lab "
                                     "(docs/lab.md).")
    sub = parser.add_subparsers(dest="mode", required=True)
    t = sub.add_parser("tamper", help="flip one bit of the client's request record")
    t.add_argument("--listen", type=int, required=True, metavar="PORT",
                   help="port to listen on (127.0.0.1)")
    t.add_argument("--to", type=int, required=True, metavar="PORT",
                   help="the real server's port (127.0.0.1)")
    t.add_argument("--record", type=int, default=0, metavar="N",
                   help="flip the client's Nth ApplicationData record (default: the request)")
    i = sub.add_parser("impostor", help="present the impostor's own certificate for localhost")
    i.add_argument("--listen", type=int, required=True, metavar="PORT",
                   help="port to listen on (127.0.0.1)")
    i.add_argument("--to", type=int, required=True, metavar="PORT",
                   help="the real server's port (127.0.0.1)")
    i.add_argument("--dir", default="impostor", metavar="DIR",
                   help="the impostor's chain; made with https_pki init when missing "
                   "(default ./impostor)")
    i.add_argument("--cacert", metavar="FILE",
                   default=os.path.join(TOP, "ca_certificates_for_client", "ca_public_key.pem"),
                   help="the root the impostor trusts for the real server (default: the demo's)")
    i.add_argument("--pki", metavar="PROGRAM",
                   default=os.path.join(TOP, "build", "pki", "https_pki"),
                   help="https_pki, to make the chain (default build/pki/https_pki)")
    args = parser.parse_args()
    if args.mode == "tamper" and args.record < 0:
        parser.error("--record wants a number >= 1")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        if args.mode == "tamper":
            serve_tamper(args)
        else:
            serve_impostor(args)
    except KeyboardInterrupt:
        return 0
    except OSError as e:
        print("%s: cannot listen on 127.0.0.1:%d: %s" % (args.mode, args.listen,
                                                        e.strerror or e), file=sys.stderr)
        print("fix: choose another port with --listen", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
