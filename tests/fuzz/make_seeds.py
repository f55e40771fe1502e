#!/usr/bin/env python3
"""Seed corpora for the policy harnesses, from certificates made by https_pki.

usage: make_seeds.py OUTDIR PEMFILE...

Each PEM file holds a chain (leaf first). Writes OUTDIR/chain (inputs of
fuzz_policy_chain and fuzz_client_policy: length-prefixed DER certificates,
then a host), OUTDIR/nc (fuzz_policy_nc: a NameConstraints value, then
GeneralNames) and OUTDIR/names (fuzz_policy_names: name NUL host). DER is
cut out of the certificates with the openssl command, not parsed here
beyond the outer lengths of the pieces it prints.
"""
import base64
import hashlib
import os
import re
import subprocess
import sys


def pem_certs(path):
    text = open(path, encoding="ascii", errors="replace").read()
    for m in re.finditer(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", text, re.S):
        yield base64.b64decode("".join(m.group(1).split()))


def prefixed(der):
    return len(der).to_bytes(2, "big") + der


def extension_values(der, oid):
    """The DER values of extension oid, via `openssl asn1parse -strparse`."""
    out = subprocess.run(["openssl", "asn1parse", "-inform", "DER"], input=der,
                         capture_output=True, check=False).stdout.decode(errors="replace")
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if oid in line:
            for follow in lines[i + 1:i + 3]:
                m = re.match(r"\s*(\d+):.*OCTET STRING", follow)
                if m:
                    value = subprocess.run(["openssl", "asn1parse", "-inform", "DER", "-strparse",
                                            m.group(1), "-out", "/dev/stdout", "-noout"],
                                           input=der, capture_output=True, check=False).stdout
                    if value:
                        yield value
                    break


def write(dirname, data):
    os.makedirs(dirname, exist_ok=True)
    with open(os.path.join(dirname, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def main():
    out, files = sys.argv[1], sys.argv[2:]
    for path in files:
        chain = list(pem_certs(path))
        for host in (b"localhost", b"127.0.0.1", b"::1", b"a.example.com"):
            for n in range(1, len(chain) + 1):
                write(os.path.join(out, "chain"), b"".join(prefixed(c) for c in chain[:n]) + host)
        for c in chain:
            for nc in extension_values(c, "X509v3 Name Constraints"):
                sans = b""
                for san in extension_values(chain[0], "X509v3 Subject Alternative Name"):
                    # the SEQUENCE's contents are the GeneralNames; keep it whole as one seed
                    sans += prefixed(san[2:]) if len(san) > 2 and san[1] < 0x80 else b""
                write(os.path.join(out, "nc"), prefixed(nc) + sans)
    for name, host in ((b"*.example.com", b"a.example.com"), (b"localhost", b"localhost"),
                       (b"*.co.uk", b"a.co.uk"), (b"ba*.example.com", b"bar.example.com"),
                       (b"a_b.example", b"::1")):
        write(os.path.join(out, "names"), name + b"\0" + host)


if __name__ == "__main__":
    main()
