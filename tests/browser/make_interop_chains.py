#!/usr/bin/python3
"""Makes the Python `cryptography` cases of tests/browser/interop_matrix.sh.

usage: make_interop_chains.py DIR

For each case below, DIR/CASE/ gets:
  root.pem    the anchor the clients are given (--cacert, cafile=, NSS)
  leaf.pem    the server's certificate
  chain.pem   the intermediates the server sends after it (may be empty)
  full.pem    leaf then intermediates (what `https_pki verify` reads)
  key.pem     the leaf's private key, unencrypted PKCS#8 (s_server's -key)

The shapes are those of private PKIs made by hand with this library: friendly
CNs, no EKU, no AKI on the leaf, RSA and ECDSA, IPv4 and IPv6, one and two
intermediates, plus three certificates every client must refuse (no SAN at
all, an expired leaf, a leaf for another host) and a chain whose root the
clients are not given. Keys are made fresh on every run; nothing is kept.
"""

import datetime
import ipaddress
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
DAY = datetime.timedelta(days=1)


def new_key(kind):
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def name(cn, org="Interop Test"):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def ski(key):
    return x509.SubjectKeyIdentifier.from_public_key(key.public_key())


def aki(issuer_key):
    return x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key())


def builder(subject, issuer, key, not_before, not_after):
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
    )


def make_ca(cn, kind, issuer=None, minimal=False):
    """A root (issuer None) or an intermediate signed by issuer=(cert, key)."""
    key = new_key(kind)
    subject = name(cn)
    issuer_name = issuer[0].subject if issuer else subject
    signer = issuer[1] if issuer else key
    b = builder(subject, issuer_name, key, NOW - DAY, NOW + 3650 * DAY)
    b = b.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    if not minimal:
        b = b.add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        b = b.add_extension(ski(key), critical=False)
        if issuer:
            b = b.add_extension(aki(signer), critical=False)
    return b.sign(signer, hashes.SHA256()), key


def make_leaf(issuer, kind, cn, sans, eku=False, with_aki=True, not_before=None, not_after=None):
    key = new_key(kind)
    b = builder(
        name(cn),
        issuer[0].subject,
        key,
        not_before or NOW - DAY,
        not_after or NOW + 90 * DAY,
    )
    if sans:
        b = b.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    b = b.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    if eku:
        b = b.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
    b = b.add_extension(ski(key), critical=False)
    if with_aki:
        b = b.add_extension(aki(issuer[1]), critical=False)
    return b.sign(issuer[1], hashes.SHA256()), key


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def write_case(top, case, root, leaf, key, intermediates):
    d = os.path.join(top, case)
    os.makedirs(d, exist_ok=True)
    chain = b"".join(pem(c) for c in intermediates)
    files = {
        "root.pem": pem(root),
        "leaf.pem": pem(leaf),
        "chain.pem": chain,
        "full.pem": pem(leaf) + chain,
    }
    for fname, data in files.items():
        with open(os.path.join(d, fname), "wb") as f:
            f.write(data)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(os.path.join(d, "key.pem"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key_pem)


def main(top):
    dns = x509.DNSName("localhost")
    v4 = x509.IPAddress(ipaddress.ip_address("127.0.0.1"))
    v6 = x509.IPAddress(ipaddress.ip_address("::1"))

    # One RSA root with one intermediate; leaf: friendly CN, no EKU, no AKI.
    root = make_ca("Py RSA Root", "rsa")
    inter = make_ca("Py RSA Issuing CA", "rsa", issuer=root)
    leaf, key = make_leaf(inter, "rsa", "Intranet portal", [dns], with_aki=False)
    write_case(top, "py_rsa_1int_noeku_noaki", root[0], leaf, key, [inter[0]])

    # ECDSA P-256 root signing directly; IPv4 and IPv6 address SANs, friendly CNs.
    eroot = make_ca("Py ECDSA Root", "ec")
    leaf, key = make_leaf(eroot, "ec", "printer", [v4], eku=True)
    write_case(top, "py_ec_ipv4", eroot[0], leaf, key, [])
    leaf, key = make_leaf(eroot, "ec", "v6 box", [v6], with_aki=False)
    write_case(top, "py_ec_ipv6_noaki", eroot[0], leaf, key, [])

    # Two intermediates, mixed algorithms: RSA root, ECDSA below it.
    r2 = make_ca("Py Two-Level Root", "rsa")
    i1 = make_ca("Py Policy CA", "ec", issuer=r2)
    i2 = make_ca("Py Issuing CA 2", "ec", issuer=i1)
    leaf, key = make_leaf(i2, "ec", "Team wiki", [dns, v4], eku=True)
    write_case(top, "py_ec_2int", r2[0], leaf, key, [i2[0], i1[0]])

    # The fewest extensions that still make a CA: the root has basicConstraints
    # only; the leaf has its SAN (and basicConstraints, SKI) but no KU, EKU, AKI.
    mroot = make_ca("Py Minimal Root", "ec", minimal=True)
    leaf, key = make_leaf(mroot, "ec", "minimal", [dns], with_aki=False)
    write_case(top, "py_minimal_exts", mroot[0], leaf, key, [])

    # Negatives. No SAN at all: the host is in the CN only.
    leaf, key = make_leaf(root, "rsa", "localhost", [], eku=True)
    write_case(top, "py_no_san_cn_only", root[0], leaf, key, [])
    # Expired a day ago (otherwise a good leaf).
    leaf, key = make_leaf(
        eroot, "ec", "localhost", [dns], eku=True,
        not_before=NOW - 30 * DAY, not_after=NOW - DAY,
    )
    write_case(top, "py_expired", eroot[0], leaf, key, [])
    # For another host: SAN names www.example.com, the CN says localhost.
    leaf, key = make_leaf(
        eroot, "ec", "localhost", [x509.DNSName("www.example.com")], eku=True
    )
    write_case(top, "py_wrong_host", eroot[0], leaf, key, [])
    # A good chain, but the clients are given another root as the anchor.
    stranger = make_ca("Py Stranger Root", "ec")
    leaf, key = make_leaf(stranger, "ec", "localhost", [dns], eku=True)
    write_case(top, "py_unknown_root", eroot[0], leaf, key, [])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_interop_chains.py DIR")
    main(sys.argv[1])
