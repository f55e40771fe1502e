#!/usr/bin/python3
"""demo_client.py: examples/tiny_client.c in Python, with the ssl module only.

It fetches one page with one GET and trusts the server only after the three
checks: its chain leads to the CA we name (issuer), it is valid now (dates),
and it was issued for the host we asked for (name). Each numbered step is
tiny_client.c's step of the same number (docs/lesson.md puts them side by side).

  usage: demo_client.py [--cacert FILE] HOST PORT [PATH]
    --cacert  the CA to trust, and only it
              (default ca_certificates_for_client/ca_public_key.pem)

Prints the body on stdout; the handshake and the three checks on stderr.
Exits 0 on status 200, 1 on another status, 2 if the connection or a check
failed (as tiny_client).
"""
import argparse
import os
import socket
import ssl
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# OpenSSL's verify codes, and which of the three checks each one fails.
CHECKS = {10: "valid now", 9: "valid now", 62: "name", 64: "name",
          18: "issuer", 19: "issuer", 20: "issuer", 21: "issuer", 2: "issuer"}


def say(text):
    print("demo_client: " + text, file=sys.stderr, flush=True)


def after_handshake(e):
    """OpenSSL's reason for a failure after the handshake, in words."""
    reason = getattr(e, "reason", None)
    if reason == "SSLV3_ALERT_BAD_RECORD_MAC":
        return ("the server sent the alert bad_record_mac (20): a record we sent failed its "
                "integrity check there (its AEAD tag did not match): it was changed on the way")
    return reason or str(e)


def main():
    parser = argparse.ArgumentParser(description="tiny_client.c in Python's ssl (docs/lesson.md)")
    parser.add_argument("--cacert", default=os.path.join(TOP, "ca_certificates_for_client",
                                                         "ca_public_key.pem"))
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("path", nargs="?", default="")
    args = parser.parse_args()

    # Steps 1 and 2: create a context, trust our CA and only it, verify the peer
    # (wolfSSL_CTX_new(wolfTLSv1_3_client_method()), wolfSSL_CTX_load_verify_locations,
    # wolfSSL_CTX_set_verify(WOLFSSL_VERIFY_PEER)). create_default_context turns on
    # verify_mode = CERT_REQUIRED and check_hostname, which wolfSSL must be told.
    try:
        ctx = ssl.create_default_context(cafile=args.cacert)
    except (OSError, ssl.SSLError) as e:
        say("cannot load the CA certificate %s: %s" % (args.cacert, e))
        return 2
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3  # tiny_client offers TLS 1.3 only

    # Step 3: connect (connect_tcp: getaddrinfo, socket, connect).
    try:
        sock = socket.create_connection((args.host, args.port), timeout=10)
    except OSError as e:
        say("cannot connect to %s port %d: %s" % (args.host, args.port, e.strerror or e))
        return 2

    # Step 4: wrap, with the name we want: SNI, and the name the certificate must
    # carry (wolfSSL_new, wolfSSL_set_fd, wolfSSL_UseSNI, wolfSSL_check_domain_name).
    # Step 5: verify: wrap_socket runs the handshake (wolfSSL_connect), and with it
    # the three checks; a failed one raises SSLCertVerificationError.
    try:
        tls = ctx.wrap_socket(sock, server_hostname=args.host)
    except ssl.SSLCertVerificationError as e:
        check = CHECKS.get(e.verify_code)
        say("the server could not be verified: %s FAILED: %s (OpenSSL verify code %d)"
            % ("check " + check if check else "a check", e.verify_message, e.verify_code))
        return 2
    except (ssl.SSLError, OSError) as e:
        say("TLS handshake failed: %s" % (getattr(e, "reason", None) or e))
        return 2
    cert = tls.getpeercert()
    names = ", ".join("%s:%s" % n for n in cert.get("subjectAltName", ()))
    issuer = ", ".join("%s=%s" % kv for rdn in cert["issuer"] for kv in rdn)
    say("%s, %s" % (tls.version(), tls.cipher()[0]))
    say("check issuer    ok: the chain leads to a CA in %s (leaf issued by %s)"
        % (os.path.basename(args.cacert), issuer))
    say("check valid now ok: %s to %s" % (cert["notBefore"], cert["notAfter"]))
    say("check name      ok: %s is among %s" % (args.host, names))

    # Step 6: send one GET (wolfSSL_write). From here on, all is encrypted.
    request = ("GET /%s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n"
               % (args.path, args.host, args.port))
    # Step 7: receive until the server closes (wolfSSL_read; print_body).
    response = b""
    try:
        tls.sendall(request.encode("ascii"))
        while True:
            data = tls.recv(4096)
            if not data:
                break
            response += data
    except ssl.SSLError as e:
        say("TLS failed after the handshake: %s" % after_handshake(e))
        return 2
    except OSError as e:
        say("the connection failed: %s" % (e.strerror or e))
        return 2
    finally:
        tls.close()
    head, sep, body = response.partition(b"\r\n\r\n")
    if not sep:
        say("no complete HTTP response")
        return 1
    sys.stdout.buffer.write(body)
    return 0 if head.startswith(b"HTTP/1.1 200 ") else 1


if __name__ == "__main__":
    sys.exit(main())
