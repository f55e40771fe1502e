/*
 * The cases of the local badssl.com: one per rule of the certificate policy
 * (docs/badssl.md has the table with references), the historic cases of the
 * first set, and the real-world layouts that must keep working. Each records
 * what every verifier must say: our verdict and https_client exit code, and
 * the net error headless Chromium gives (measured). Both verifiers' default
 * verdict is Chromium's, without exception: where the policy is stricter
 * than Chromium, the rule is a warning (.rule), the reason is in .lenient and
 * --strict refuses with .strict_exit (the policy's exit code for that rule).
 */
#include "badssl_cases.h"

#include <stddef.h>

#include "badssl_x509.h"

/* The SANs of the first set's leaves: the case's own name, localhost and 127.0.0.1. */
#define OLD_SANS(n) "DNS:" n "." BADSSL_DOMAIN ",DNS:localhost,IP:127.0.0.1"

#define ROOT_NC                                                                    \
	"critical,permitted;DNS:localhost,permitted;IP:127.0.0.1/255.255.255.255," \
	"permitted;IP:::1/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"

/* .invalid never resolves (RFC 6761): browsers that fetch AIA find nothing. */
#define MISSING_AIA "caIssuers;URI:http://missing-intermediate.invalid/intermediate.cer"

#define CHROMIUM_IGNORES_CN "Chromium never reads the subject CN"
#define CHROMIUM_NO_FORMAT  "Chromium does not enforce this RFC 5280 profile rule"
#define CERT_INVALID        "ERR_CERT_INVALID"
#define NAME_INVALID        "ERR_CERT_COMMON_NAME_INVALID"
#define AUTHORITY_INVALID   "ERR_CERT_AUTHORITY_INVALID"

// clang-format off
const struct badssl_case badssl_cases[] = {
	/* ---- controls: real-world chains every verifier must accept ---- */
	{.name = "good", .accept = 1, .rule = "control.demo-chain", .chromium = "OK",
	 .note = "the demo's own profile: P-256 root, intermediate and leaf",
	 .leaf = {.san = OLD_SANS("good")}},
	{.name = "certbot", .accept = 1, .rule = "control.certbot-layout", .chromium = "OK",
	 .layout = BADSSL_LAYOUT_CERTBOT,
	 .note = "the files as certbot writes them: cert.pem (leaf), chain.pem, fullchain.pem, "
	         "privkey.pem (unencrypted, 0600); a server sends fullchain.pem"},
	{.name = "rsa2048", .accept = 1, .rule = "control.rsa2048", .chromium = "OK",
	 .note = "RSA-2048 intermediate and leaf", .ninter = 1,
	 .inter = {{.key = BADSSL_KEY_RSA2048}}, .leaf = {.key = BADSSL_KEY_RSA2048}},
	{.name = "p384", .accept = 1, .rule = "control.p384", .chromium = "OK",
	 .note = "P-384 intermediate and leaf", .ninter = 1,
	 .inter = {{.key = BADSSL_KEY_P384}}, .leaf = {.key = BADSSL_KEY_P384}},
	{.name = "two-intermediates", .accept = 1, .rule = "control.two-intermediates",
	 .chromium = "OK", .note = "root, intermediate (pathlen 1), intermediate (pathlen 0), leaf",
	 .ninter = 2, .inter = {{.bc = "critical,CA:TRUE,pathlen:1"}, {0}}},
	{.name = "ipv4", .host = "127.0.0.1", .accept = 1, .rule = "control.ipv4",
	 .chromium = "OK", .note = "an IP URL matches an iPAddress SAN, compared as an address",
	 .leaf = {.cn = "-", .san = "IP:127.0.0.1"}},
	{.name = "ipv6", .host = "::1", .accept = 1, .rule = "control.ipv6", .chromium = "OK",
	 .note = "https://[::1]:PORT/ matches the iPAddress SAN ::1 (16 bytes, not text)",
	 .leaf = {.cn = "-", .san = "IP:::1"}},
	{.name = "nc-othername-unused", .accept = 1, .rule = "nc.unsupported", .chromium = "OK",
	 .note = "an otherName constraint fails nothing when no otherName appears on the path",
	 .ninter = 1,
	 .inter = {{.nc = "critical,permitted;otherName:1.3.6.1.4.1.311.20.2.3;UTF8:user@localhost"}}},

	/* ---- trust and validity: the first checks a browser makes ---- */
	{.name = "untrusted-root", .rule = "trust.untrusted-issuer", .client_exit = 12,
	 .chromium = AUTHORITY_INVALID, .anchor = BADSSL_ANCHOR_UNTRUSTED,
	 .note = "the chain ends at a root nobody trusts", .leaf = {.san = OLD_SANS("untrusted-root")}},
	{.name = "self-signed", .rule = "trust.self-signed", .client_exit = 13,
	 .chromium = AUTHORITY_INVALID, .anchor = BADSSL_ANCHOR_SELF,
	 .note = "the leaf signs itself", .leaf = {.san = OLD_SANS("self-signed")}},
	{.name = "missing-intermediate", .rule = "trust.incomplete-chain", .client_exit = 14,
	 .chromium = AUTHORITY_INVALID, .layout = BADSSL_LAYOUT_LEAF_ONLY,
	 .note = "the server sends the leaf without its intermediate; the leaf names where its "
	         "issuer is published (AIA caIssuers), which is the client's evidence",
	 .leaf = {.san = OLD_SANS("missing-intermediate"), .aia = MISSING_AIA}},
	{.name = "issuer-not-sent", .rule = "trust.untrusted-issuer", .client_exit = 12,
	 .chromium = AUTHORITY_INVALID, .layout = BADSSL_LAYOUT_LEAF_ONLY,
	 .note = "leaf only, no AIA: an unknown issuer or a forgotten intermediate look the same, "
	         "so the verdict is untrusted issuer"},
	{.name = "bad-signature", .rule = "trust.signature", .client_exit = 12,
	 .chromium = AUTHORITY_INVALID, .note = "one bit of the leaf's signature flipped",
	 .leaf = {.bad_signature = 1}},
	{.name = "intermediate-not-ca", .rule = "role.ca-basic-constraints", .client_exit = 12,
	 .chromium = CERT_INVALID, .note = "the intermediate says CA:FALSE", .ninter = 1,
	 .inter = {{.bc = "critical,CA:FALSE"}}, .leaf = {.san = OLD_SANS("intermediate-not-ca")}},
	{.name = "expired", .rule = "validity.expired", .client_exit = 15,
	 .chromium = "ERR_CERT_DATE_INVALID", .note = "the leaf's validity ended 30 days ago",
	 .leaf = {.san = OLD_SANS("expired"), .when = BADSSL_PAST}},
	{.name = "not-yet-valid", .rule = "validity.not-yet-valid", .client_exit = 16,
	 .chromium = "ERR_CERT_DATE_INVALID", .note = "the leaf's validity starts in 30 days",
	 .leaf = {.san = OLD_SANS("not-yet-valid"), .when = BADSSL_FUTURE}},

	/* ---- names ---- */
	{.name = "wrong-host", .rule = "name.mismatch", .client_exit = 17, .chromium = NAME_INVALID,
	 .note = "the only SAN is other.localhost",
	 .leaf = {.cn = "other.localhost", .san = "DNS:other.localhost"}},
	{.name = "wildcard-partial", .host = "bar.wildcard-partial." BADSSL_DOMAIN,
	 .rule = "name.wildcard", .client_exit = 17, .chromium = NAME_INVALID,
	 .note = "a wildcard must be the whole leftmost label: ba*.x does not match bar.x",
	 .leaf = {.cn = "-", .san = "DNS:ba*.wildcard-partial." BADSSL_DOMAIN}},
	{.name = "wildcard-middle", .host = "foo.x.wildcard-middle." BADSSL_DOMAIN,
	 .rule = "name.wildcard", .client_exit = 17, .chromium = NAME_INVALID,
	 .note = "a wildcard only in the leftmost label: foo.*.x matches nothing",
	 .leaf = {.cn = "-", .san = "DNS:foo.*.wildcard-middle." BADSSL_DOMAIN}},
	{.name = "wildcard-bare", .rule = "name.wildcard", .client_exit = 17,
	 .chromium = NAME_INVALID, .anchor = BADSSL_ANCHOR_WIDE,
	 .note = "a bare * would match every host name", .leaf = {.cn = "-", .san = "DNS:*"}},
	{.name = "wildcard-tld", .host = "wildcard-tld.com", .rule = "name.wildcard",
	 .client_exit = 17, .chromium = NAME_INVALID, .anchor = BADSSL_ANCHOR_WIDE,
	 .note = "*.com would cover every .com site", .leaf = {.cn = "-", .san = "DNS:*.com"}},
	{.name = "wildcard-psl", .host = "wildcard-psl.co.uk", .rule = "name.wildcard",
	 .client_exit = 17, .chromium = NAME_INVALID, .anchor = BADSSL_ANCHOR_WIDE,
	 .note = "co.uk is a public suffix (publicsuffix list): *.co.uk is refused",
	 .leaf = {.cn = "-", .san = "DNS:*.co.uk"}},
	{.name = "wildcard-one-label", .host = "wildcard-one-label.localhost",
	 .rule = "name.wildcard", .client_exit = 17, .chromium = NAME_INVALID,
	 .note = "a wildcard needs at least two labels after it: *.localhost is refused",
	 .leaf = {.cn = "-", .san = "DNS:*.localhost"}},
	{.name = "underscore", .host = "under_score." BADSSL_DOMAIN, .rule = "name.dns-syntax",
	 .accept = 1, .strict_exit = 17, .chromium = "OK",
	 .lenient = "Chromium still matches host names with an underscore",
	 .note = "a host name has letters, digits and hyphens only (RFC 1034 preferred syntax)"},
	{.name = "cn-only", .rule = "name.san-required", .client_exit = 17, .chromium = NAME_INVALID,
	 .note = "no SAN: the subject CN names the host, which no browser reads any more",
	 .leaf = {.san = "-"}},
	{.name = "cn-not-in-san", .rule = "name.cn-in-san", .accept = 1, .strict_exit = 25, .chromium = "OK",
	 .lenient = CHROMIUM_IGNORES_CN,
	 .note = "the subject CN must repeat one of the SANs (CA/B Forum BR 7.1.4.3)",
	 .leaf = {.cn = "other." BADSSL_DOMAIN}},
	{.name = "ip-as-dns", .host = "127.0.0.2", .rule = "name.mismatch",
	 .client_exit = 17, .chromium = NAME_INVALID, .anchor = BADSSL_ANCHOR_WIDE,
	 .note = "the DNS SAN \"127.0.0.2\" is text, not an address: an IP URL needs an iPAddress SAN",
	 .leaf = {.cn = "-", .san = "DNS:127.0.0.2"}},

	/* ---- name constraints ---- */
	{.name = "outside-constraints", .host = "example.com", .rule = "nc.violation",
	 .client_exit = 12, .chromium = CERT_INVALID,
	 .note = "example.com lies outside the root's permitted subtrees (localhost, loopback)",
	 .leaf = {.san = "DNS:example.com"}},
	{.name = "nc-wildcard-excluded", .host = "bar.nc-wildcard-excluded." BADSSL_DOMAIN,
	 .rule = "nc.violation", .client_exit = 12, .chromium = CERT_INVALID,
	 .note = "a wildcard SAN stands for every name it covers, bar.x included, which the "
	         "intermediate excludes",
	 .ninter = 1,
	 .inter = {{.nc = "critical,excluded;DNS:bar.nc-wildcard-excluded." BADSSL_DOMAIN}},
	 .leaf = {.cn = "-", .san = "DNS:*.nc-wildcard-excluded." BADSSL_DOMAIN}},
	{.name = "nc-intermediate-outside", .rule = "nc.violation", .client_exit = 12,
	 .chromium = CERT_INVALID,
	 .note = "the root's constraints also bind the intermediate's own SAN (example.net)",
	 .ninter = 1, .inter = {{.san = "DNS:intermediate.example.net"}}},
	{.name = "nc-leading-period", .host = "www.nc-leading-period." BADSSL_DOMAIN,
	 .rule = "nc.malformed", .accept = 1, .strict_exit = 12, .chromium = "OK",
	 .lenient = "Chromium reads a leading-period dNSName constraint as \"subdomains only\"",
	 .note = "a dNSName constraint is a host name: \".x\" (leading period) is malformed",
	 .ninter = 1, .inter = {{.nc = "critical,permitted;DNS:.nc-leading-period." BADSSL_DOMAIN}}},
	{.name = "nc-empty-sequence", .rule = "nc.malformed", .client_exit = 12,
	 .chromium = AUTHORITY_INVALID,
	 .note = "name constraints with neither permitted nor excluded subtrees (RFC 5280 4.2.1.10)",
	 .ninter = 1, .inter = {{.nc_hex = "3000"}}},
	{.name = "nc-empty-subtrees", .rule = "nc.malformed", .client_exit = 12,
	 .chromium = AUTHORITY_INVALID,
	 .note = "an empty permittedSubtrees (SIZE 1..MAX) is malformed, not \"no constraints\"",
	 .ninter = 1, .inter = {{.nc_hex = "3002a000"}}},
	{.name = "nc-long-san", .rule = "nc.violation", .client_exit = 12, .chromium = CERT_INVALID,
	 .note = "a 265-byte DNS SAN outside the constraints must not be skipped (fail closed)",
	 .leaf = {.long_san = 1}},
	{.name = "nc-on-leaf", .rule = "nc.on-leaf", .accept = 1, .strict_exit = 25, .chromium = "OK",
	 .lenient = CHROMIUM_NO_FORMAT,
	 .note = "name constraints belong in CA certificates only (RFC 5280 4.2.1.10)",
	 .leaf = {.nc = "critical,permitted;DNS:localhost"}},

	/* ---- roles ---- */
	{.name = "ca-as-leaf", .rule = "role.leaf-is-ca", .accept = 1, .strict_exit = 18, .chromium = "OK",
	 .lenient = "Chromium accepts a CA certificate (CA:TRUE) as the server's certificate",
	 .note = "the server's certificate says CA:TRUE",
	 .leaf = {.bc = "critical,CA:TRUE", .ku = "critical,digitalSignature,keyCertSign"}},
	{.name = "leaf-keycertsign", .rule = "role.leaf-keycertsign", .accept = 1, .strict_exit = 18,
	 .chromium = "OK", .lenient = "Chromium does not look at keyCertSign in a leaf", .note = "a leaf (CA:FALSE) that may sign certificates",
	 .leaf = {.ku = "critical,digitalSignature,keyCertSign"}},
	{.name = "client-eku", .rule = "role.eku", .client_exit = 18,
	 .chromium = CERT_INVALID, .note = "the leaf is for clients only (clientAuth EKU)",
	 .leaf = {.san = OLD_SANS("client-eku"), .eku = "clientAuth"}},
	{.name = "no-eku", .rule = "role.eku", .accept = 1, .strict_exit = 18, .chromium = "OK",
	 .lenient = "Chromium reads a leaf without EKU as good for any purpose",
	 .note = "a server certificate must say serverAuth (CA/B Forum BR 7.1.2.7.10)",
	 .leaf = {.eku = "-"}},
	{.name = "any-eku", .rule = "role.eku", .accept = 1, .strict_exit = 18, .chromium = "OK",
	 .lenient = "Chromium takes anyExtendedKeyUsage for serverAuth",
	 .note = "anyExtendedKeyUsage alone is not serverAuth",
	 .leaf = {.eku = "anyExtendedKeyUsage"}},
	{.name = "root-eku", .rule = "role.root-eku", .accept = 1, .strict_exit = 18, .chromium = "OK",
	 .lenient = "Chromium accepts a root whose EKU includes serverAuth",
	 .anchor = BADSSL_ANCHOR_OWN, .note = "a root carries no EKU (CA/B Forum BR 7.1.2.1)",
	 .root = {.eku = "serverAuth,clientAuth"}},
	{.name = "root-no-bc", .rule = "role.ca-basic-constraints", .accept = 1, .strict_exit = 12,
	 .chromium = "OK", .lenient = "Chromium trusts a locally added root without basicConstraints",
	 .anchor = BADSSL_ANCHOR_OWN,
	 .note = "every CA, a root too, carries critical basicConstraints CA:TRUE",
	 .root = {.bc = "-"}},
	{.name = "ca-no-keycertsign", .rule = "role.ca-keycertsign", .client_exit = 12,
	 .chromium = CERT_INVALID, .note = "the intermediate's key usage lacks keyCertSign",
	 .ninter = 1, .inter = {{.ku = "critical,digitalSignature,cRLSign"}}},
	{.name = "pathlen-exceeded", .rule = "role.path-length", .client_exit = 12,
	 .chromium = CERT_INVALID, .note = "an intermediate with pathlen 0 signs another CA",
	 .ninter = 2, .inter = {{0}, {0}}},

	/* ---- format ---- */
	{.name = "bc-not-critical", .rule = "format.criticality", .accept = 1, .strict_exit = 25,
	 .chromium = "OK", .lenient = CHROMIUM_NO_FORMAT,
	 .note = "a CA's basicConstraints must be critical (RFC 5280 4.2.1.9)", .ninter = 1,
	 .inter = {{.bc = "CA:TRUE,pathlen:0"}}},
	{.name = "no-aki", .rule = "format.aki", .accept = 1, .strict_exit = 25, .chromium = "OK",
	 .lenient = CHROMIUM_NO_FORMAT,
	 .note = "a certificate below a root names its issuer's key (AKI, RFC 5280 4.2.1.1)",
	 .leaf = {.no_aki = 1}},
	{.name = "ca-no-ski", .rule = "format.ski", .accept = 1, .strict_exit = 25, .chromium = "OK",
	 .lenient = CHROMIUM_NO_FORMAT,
	 .note = "a CA certificate names its own key (SKI, RFC 5280 4.2.1.2)", .ninter = 1,
	 .inter = {{.no_ski = 1}}},
	{.name = "serial-zero", .rule = "format.serial", .accept = 1, .strict_exit = 25, .chromium = "OK",
	 .lenient = CHROMIUM_NO_FORMAT, .note = "serial 0 (RFC 5280 4.1.2.2: positive)",
	 .leaf = {.serial = BADSSL_SERIAL_ZERO}},
	{.name = "serial-negative", .rule = "format.serial", .accept = 1, .strict_exit = 25, .chromium = "OK",
	 .lenient = CHROMIUM_NO_FORMAT, .note = "a negative serial (RFC 5280 4.1.2.2: positive)",
	 .leaf = {.serial = BADSSL_SERIAL_NEGATIVE}},
	{.name = "serial-21-octets", .rule = "format.serial", .accept = 1, .strict_exit = 25, .chromium = "OK",
	 .lenient = CHROMIUM_NO_FORMAT, .note = "a 21-octet serial (RFC 5280 4.1.2.2: at most 20)",
	 .leaf = {.serial = BADSSL_SERIAL_21}},
	{.name = "v1-root", .rule = "format.ca-v3", .accept = 1, .strict_exit = 25, .chromium = "OK",
	 .lenient = "Chromium trusts a locally added v1 root", .anchor = BADSSL_ANCHOR_OWN,
	 .note = "a version 1 certificate (no extensions) as a CA", .root = {.v1 = 1}},
	{.name = "unknown-critical-extension", .rule = "format.critical-unknown",
	 .client_exit = 25, .chromium = CERT_INVALID,
	 .note = "a critical extension the verifier does not know must fail (RFC 5280 4.2)",
	 .leaf = {.unknown_critical = 1}},

	/* ---- keys and signatures ---- */
	{.name = "rsa1024", .rule = "key.rsa-size", .accept = 1, .strict_exit = 25, .chromium = "OK",
	 .lenient = "Chromium refuses RSA-1024 only below publicly trusted roots, not below a "
	            "locally added one",
	 .note = "RSA below 2048 bits (CA/B Forum BR 6.1.5)",
	 .leaf = {.san = OLD_SANS("rsa1024"), .key = BADSSL_KEY_RSA1024}},
	{.name = "rsa2047", .rule = "key.rsa-size", .accept = 1, .strict_exit = 25, .chromium = "OK",
	 .lenient = "Chromium accepts any RSA modulus of 1024 bits or more",
	 .note = "an RSA modulus that is not a multiple of 8 bits (CA/B Forum BR 6.1.5)",
	 .leaf = {.key = BADSSL_KEY_RSA2047}},
	{.name = "dsa", .rule = "key.dsa", .client_exit = 25, .chromium = CERT_INVALID,
	 .note = "a DSA intermediate (TLS 1.3 has no DSA, so the leaf itself cannot be DSA)",
	 .ninter = 1, .inter = {{.key = BADSSL_KEY_DSA}}},
	{.name = "p192", .rule = "key.ec-curve", .client_exit = 25, .chromium = CERT_INVALID,
	 .note = "a P-192 intermediate: EC keys only on P-256, P-384, P-521", .ninter = 1,
	 .inter = {{.key = BADSSL_KEY_P192}}},
	{.name = "sha1", .rule = "sig.weak-hash", .client_exit = 25,
	 .chromium = CERT_INVALID,
	 .note = "the leaf is signed with SHA-1 (collisions since 2017)",
	 .leaf = {.san = OLD_SANS("sha1"), .md = "SHA1"}},

	/* ---- more rules of the policy ---- */
	{.name = "ip-san-5-bytes", .rule = "name.ip-syntax", .client_exit = 17,
	 .chromium = CERT_INVALID, .note = "an iPAddress SAN of 5 bytes: an address has 4 or 16",
	 .leaf = {.bad_ip_san = 1}},
	{.name = "leaf-crlsign-only", .rule = "role.leaf-key-usage", .client_exit = 18,
	 .chromium = "ERR_SSL_KEY_USAGE_INCOMPATIBLE",
	 .note = "the leaf's key usage (cRLSign) forbids the signature a TLS server makes",
	 .leaf = {.ku = "critical,cRLSign"}},
	{.name = "leaf-keyagreement-only", .rule = "role.leaf-key-usage", .client_exit = 18,
	 .chromium = "ERR_SSL_KEY_USAGE_INCOMPATIBLE",
	 .note = "an ECDSA leaf whose key usage is keyAgreement only: it may not sign the "
	         "handshake, and every suite we offer is authenticated by a signature",
	 .leaf = {.ku = "critical,keyAgreement"}},
	{.name = "ca-eku-client", .rule = "role.ca-eku", .client_exit = 18, .chromium = CERT_INVALID,
	 .note = "the intermediate's EKU (clientAuth) does not allow server certificates",
	 .ninter = 1, .inter = {{.eku = "clientAuth"}}},
	{.name = "duplicate-extension", .rule = "format.duplicate-extension", .client_exit = 17,
	 .chromium = CERT_INVALID,
	 .note = "subjectAltName twice (RFC 5280 4.2: each extension once): neither copy is read, "
	         "so the name check, which comes first, fails",
	 .leaf = {.dup_san = 1}},
	{.name = "ed25519", .rule = "key.type", .client_exit = 25, .chromium = CERT_INVALID,
	 .note = "an Ed25519 intermediate: browsers take only RSA and ECDSA in certificates",
	 .ninter = 1, .inter = {{.key = BADSSL_KEY_ED25519}}},
	{.name = "md5", .rule = "sig.weak-hash", .client_exit = 25, .chromium = CERT_INVALID,
	 .note = "the leaf is signed with MD5 by an RSA intermediate (collisions since 2004)",
	 .ninter = 1, .inter = {{.key = BADSSL_KEY_RSA2048}}, .leaf = {.md = "MD5"}},
	{.name = "sha224", .rule = "sig.algorithm", .client_exit = 25, .chromium = CERT_INVALID,
	 .note = "ECDSA with SHA-224: outside the SHA-256/384/512 of the Baseline Requirements",
	 .leaf = {.md = "SHA224"}},
};
// clang-format on

const size_t badssl_ncases = sizeof(badssl_cases) / sizeof(badssl_cases[0]);
