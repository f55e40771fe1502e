/*
 * Unit tests for policy_verify: one table of chains (root -> intermediate ->
 * leaf, each certificate described by its deviation from a conforming
 * one), each with the verdict class reported first and the rule expected. Every
 * rule has at least one negative case; real-world shapes must pass.
 */
#include <stdio.h>
#include <string.h>

#include "policy.h"
#include "policy_mint.h"
#include "unit.h"

#define AIA "|authorityInfoAccess=caIssuers;URI:http://ca.example/inter.der"

struct chain_case {
	const char *name;
	struct mint_spec root, inter, leaf;
	int leaf_by_root;   /* the leaf is issued by the root (no intermediate) */
	int inter_not_sent; /* the server leaves the intermediate out */
	int self_signed;    /* the leaf signs itself */
	int bad_signature;  /* the leaf is signed by a key other than its issuer's */
	int trust_inter;    /* the CA file holds only the intermediate */
	const char *host;
	enum policy_purpose purpose;
	enum policy_class want;
	const char *rule; /* a rule among the findings (trust.*: the first); NULL for POLICY_OK */
	int warning;      /* rule is stricter than Chromium: a warning, an error only when strict */
};

#define LEAF_KU_AKI                                                     \
	"keyUsage=critical,digitalSignature|subjectKeyIdentifier=hash|" \
	"authorityKeyIdentifier=keyid:always|"
#define LEAF_WITH(e) "basicConstraints=critical,CA:FALSE|extendedKeyUsage=serverAuth|" LEAF_KU_AKI e
/* A leaf whose issuer has no SKI: the AKI names the issuer and serial instead. */
#define LEAF_AKI_ISSUER                                                           \
	"basicConstraints=critical,CA:FALSE|keyUsage=critical,digitalSignature|"  \
	"extendedKeyUsage=serverAuth|authorityKeyIdentifier=keyid,issuer:always|" \
	"subjectAltName=DNS:localhost"
#define LEAF_SAN(s)  LEAF_WITH("subjectAltName=" s)
#define ROOT_NC(nc)  MINT_ROOT_EXT "|nameConstraints=critical," nc
#define INTER_NC(nc) MINT_INTER_EXT "|nameConstraints=critical," nc

static const struct chain_case cases[] = {
        /* Real chains pass. */
        {.name = "good", .host = "localhost"},
        {.name = "good ipv4", .host = "127.0.0.1"},
        {.name = "good ipv6", .host = "::1"},
        {.name = "good no host", .host = NULL},
        {.name = "rsa2048 leaf", .leaf = {.key = "rsa2048"}, .host = "localhost"},
        {.name = "p384 chain",
         .root = {.key = "ec384", .md = "sha384"},
         .inter = {.key = "ec384", .md = "sha384"},
         .leaf = {.key = "ec384"},
         .host = "localhost"},
        {.name = "p521 leaf", .leaf = {.key = "ec521"}, .host = "localhost"},
        {.name = "leaf by root", .leaf_by_root = 1, .host = "localhost"},
        {.name = "wildcard",
         .leaf = {.subject = "*.example.com", .ext = LEAF_SAN("DNS:*.example.com")},
         .host = "www.example.com"},
        {.name = "wildcard private suffix",
         .leaf = {.subject = "*.foo.appspot.com", .ext = LEAF_SAN("DNS:*.foo.appspot.com")},
         .host = "a.foo.appspot.com"},
        {.name = "demo constraints",
         .root = {.ext = ROOT_NC("permitted;DNS:localhost,permitted;"
                                 "IP:127.0.0.1/255.255.255.255,"
                                 "permitted;IP:::1/ffff:ffff:ffff:"
                                 "ffff:ffff:ffff:ffff:ffff")},
         .host = "localhost"},
        {.name = "demo constraints ipv6",
         .root = {.ext = ROOT_NC("permitted;DNS:localhost,"
                                 "permitted;IP:::1/ffff:ffff:"
                                 "ffff:ffff:ffff:ffff:ffff:ffff,"
                                 "permitted;IP:127.0.0.1/"
                                 "255.255.255.255")},
         .host = "::1"},
        {.name = "subdomain constraint",
         .root = {.ext = ROOT_NC("permitted;DNS:example.com")},
         .leaf = {.subject = "a.example.com", .ext = LEAF_SAN("DNS:a.example.com")},
         .host = "a.example.com"},
        {.name = "unused constraint type",
         .root = {.ext = ROOT_NC("permitted;email:example.com")},
         .host = "localhost"},
        {.name = "unused otherName constraint",
         .root = {.ext = ROOT_NC("permitted;otherName:1.3.6.1.4.1.311.20.2.3;UTF8:a@example.com")},
         .host = "localhost"},
        {.name = "no CN",
         .leaf = {.subject = "", .ext = LEAF_SAN("DNS:localhost")},
         .host = "localhost"},
        {.name = "client purpose",
         .leaf = {.ext = "basicConstraints=critical,CA:FALSE|"
                         "extendedKeyUsage=clientAuth|" LEAF_KU_AKI "subjectAltName=DNS:localhost"},
         .purpose = POLICY_PURPOSE_CLIENT},
        {.name = "intermediate anchor", .trust_inter = 1, .host = "localhost"},
        {.name = "root pathlen 1",
         .root = {.ext = "basicConstraints=critical,CA:TRUE,pathlen:1|keyUsage=critical,"
                         "keyCertSign|subjectKeyIdentifier=hash"},
         .host = "localhost"},

        /* Trust. */
        {.name = "untrusted issuer",
         .inter_not_sent = 1,
         .host = "localhost",
         .want = POLICY_UNTRUSTED,
         .rule = "trust.untrusted-issuer"},
        {.name = "incomplete with AIA",
         .inter_not_sent = 1,
         .leaf = {.ext = MINT_LEAF_EXT AIA},
         .host = "localhost",
         .want = POLICY_INCOMPLETE,
         .rule = "trust.incomplete-chain"},
        {.name = "self-signed leaf",
         .self_signed = 1,
         .host = "localhost",
         .want = POLICY_SELF_SIGNED,
         .rule = "trust.self-signed"},
        {.name = "self-signed leaf without SAN",
         .self_signed = 1,
         .leaf = {.ext = "basicConstraints=critical,CA:FALSE"},
         .host = "localhost",
         .want = POLICY_SELF_SIGNED,
         .rule = "trust.self-signed"},
        {.name = "bad signature",
         .bad_signature = 1,
         .host = "localhost",
         .want = POLICY_UNTRUSTED,
         .rule = "trust.signature"},
        {.name = "untrusted and no SAN",
         .inter_not_sent = 1,
         .leaf = {.ext = LEAF_WITH("")},
         .host = "localhost",
         .want = POLICY_UNTRUSTED,
         .rule = "trust.untrusted-issuer"},

        /* Validity, and its place in the order. */
        {.name = "expired",
         .leaf = {.days_from = -30, .days_to = -1},
         .host = "localhost",
         .want = POLICY_EXPIRED,
         .rule = "validity.expired"},
        {.name = "not yet valid",
         .leaf = {.days_from = 2, .days_to = 30},
         .host = "localhost",
         .want = POLICY_NOT_YET,
         .rule = "validity.not-yet-valid"},
        {.name = "expired intermediate",
         .inter = {.days_from = -30, .days_to = -2},
         .host = "localhost",
         .want = POLICY_EXPIRED,
         .rule = "validity.expired"},
        {.name = "expired and wrong name",
         .leaf = {.days_from = -30, .days_to = -1},
         .host = "other.localhost",
         .want = POLICY_EXPIRED,
         .rule = "validity.expired"},

        /* Names. */
        {.name = "wrong host",
         .host = "other.localhost",
         .want = POLICY_NAME,
         .rule = "name.mismatch"},
        {.name = "wrong ipv6", .host = "::2", .want = POLICY_NAME, .rule = "name.mismatch"},
        {.name = "wrong ipv4", .host = "127.0.0.2", .want = POLICY_NAME, .rule = "name.mismatch"},
        {.name = "DNS SAN text is no IP",
         .leaf = {.subject = "", .ext = LEAF_SAN("DNS:8.8.8.8")},
         .host = "8.8.8.8",
         .want = POLICY_NAME,
         .rule = "name.mismatch"},
        {.name = "no SAN, CN only",
         .leaf = {.ext = LEAF_WITH("")},
         .host = "localhost",
         .want = POLICY_NAME,
         .rule = "name.san-required"},
        {.name = "partial wildcard",
         .leaf = {.subject = "", .ext = LEAF_SAN("DNS:ba*.example.com")},
         .host = "bar.example.com",
         .want = POLICY_NAME,
         .rule = "name.wildcard"},
        {.name = "inner wildcard",
         .leaf = {.subject = "", .ext = LEAF_SAN("DNS:foo.*.example.com")},
         .host = "foo.bar.example.com",
         .want = POLICY_NAME,
         .rule = "name.wildcard"},
        {.name = "bare wildcard",
         .leaf = {.subject = "", .ext = LEAF_SAN("DNS:*")},
         .host = "localhost",
         .want = POLICY_NAME,
         .rule = "name.wildcard"},
        {.name = "wildcard on TLD",
         .leaf = {.subject = "", .ext = LEAF_SAN("DNS:*.com")},
         .host = "example.com",
         .want = POLICY_NAME,
         .rule = "name.wildcard"},
        {.name = "wildcard on public suffix",
         .leaf = {.subject = "", .ext = LEAF_SAN("DNS:*.co.uk")},
         .host = "example.co.uk",
         .want = POLICY_NAME,
         .rule = "name.wildcard"},
        {.name = "wildcard on unknown TLD",
         .leaf = {.subject = "", .ext = LEAF_SAN("DNS:*.localhost")},
         .host = "a.localhost",
         .want = POLICY_NAME,
         .rule = "name.wildcard"},
        {.name = "wildcard vs two labels",
         .leaf = {.subject = "", .ext = LEAF_SAN("DNS:*.example.com")},
         .host = "a.b.example.com",
         .want = POLICY_NAME,
         .rule = "name.mismatch"},
        {.name = "underscore",
         .warning = 1,
         .leaf = {.subject = "", .ext = LEAF_SAN("DNS:a_b.localhost")},
         .host = "a_b.localhost",
         .want = POLICY_NAME,
         .rule = "name.dns-syntax"},
        {.name = "leading dot SAN",
         .leaf = {.subject = "", .ext = LEAF_SAN("DNS:.localhost")},
         .host = "localhost",
         .want = POLICY_NAME,
         .rule = "name.dns-syntax"},
        {.name = "empty label SAN",
         .leaf = {.subject = "", .ext = LEAF_SAN("DNS:a..localhost")},
         .host = "localhost",
         .want = POLICY_NAME,
         .rule = "name.dns-syntax"},
        {.name = "CN not among SANs",
         .warning = 1,
         .leaf = {.subject = "other.localhost"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "name.cn-in-san"},

        /* Name constraints. */
        {.name = "outside permitted",
         .root = {.ext = ROOT_NC("permitted;DNS:example.com")},
         .host = "localhost",
         .want = POLICY_UNTRUSTED,
         .rule = "nc.violation"},
        {.name = "wildcard vs excluded",
         .inter = {.ext = INTER_NC("excluded;DNS:bar.example.com")},
         .leaf = {.subject = "", .ext = LEAF_SAN("DNS:*.example.com")},
         .host = "foo.example.com",
         .want = POLICY_UNTRUSTED,
         .rule = "nc.violation"},
        {.name = "wildcard vs permitted below",
         .root = {.ext = ROOT_NC("permitted;DNS:a.example.com")},
         .leaf = {.subject = "", .ext = LEAF_SAN("DNS:*.example.com")},
         .host = "a.example.com",
         .want = POLICY_UNTRUSTED,
         .rule = "nc.violation"},
        {.name = "intermediate SAN outside",
         .root = {.ext = ROOT_NC("permitted;DNS:localhost")},
         .inter = {.ext = MINT_INTER_EXT "|subjectAltName=DNS:evil.example"},
         .host = "localhost",
         .want = POLICY_UNTRUSTED,
         .rule = "nc.violation"},
        {.name = "IP outside",
         .root = {.ext = ROOT_NC("permitted;IP:10.0.0.0/255.0.0.0")},
         .host = "127.0.0.1",
         .want = POLICY_UNTRUSTED,
         .rule = "nc.violation"},
        {.name = "excluded IPv6",
         .root = {.ext = ROOT_NC("excluded;IP:::/0:0:0:0:0:0:0:0")},
         .host = "localhost",
         .want = POLICY_UNTRUSTED,
         .rule = "nc.violation"},
        {.name = "leading-dot constraint",
         .root = {.ext = ROOT_NC("permitted;DNS:.localhost")},
         .host = "localhost",
         .want = POLICY_UNTRUSTED,
         .rule = "nc.malformed"},
        {.name = "non-contiguous mask",
         .root = {.ext = ROOT_NC("permitted;IP:10.0.0.0/255.0.255.0")},
         .host = "localhost",
         .want = POLICY_UNTRUSTED,
         .rule = "nc.malformed"},
        {.name = "constraint on leaf",
         .warning = 1,
         .leaf = {.ext = MINT_LEAF_EXT "|nameConstraints=critical,permitted;DNS:localhost"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "nc.on-leaf"},
        {.name = "otherName under its constraint",
         .root = {.ext = ROOT_NC("permitted;otherName:1.3.6.1.4.1.311.20.2.3;UTF8:a@example.com")},
         .leaf = {.ext = MINT_LEAF_EXT ",otherName:1.3.6.1.4.1.311.20.2.3;UTF8:b@example.com"},
         .host = "localhost",
         .want = POLICY_UNTRUSTED,
         .rule = "nc.unsupported"},
        {.name = "email outside",
         .root = {.ext = ROOT_NC("permitted;email:example.com")},
         .leaf = {.ext = MINT_LEAF_EXT ",email:a@evil.example"},
         .host = "localhost",
         .want = POLICY_UNTRUSTED,
         .rule = "nc.violation"},

        /* Roles. */
        {.name = "CA as server",
         .warning = 1,
         .leaf = {.ext = "basicConstraints=critical,CA:TRUE|"
                         "extendedKeyUsage=serverAuth|" LEAF_KU_AKI "subjectAltName=DNS:localhost"},
         .host = "localhost",
         .want = POLICY_USAGE,
         .rule = "role.leaf-is-ca"},
        {.name = "leaf keyCertSign",
         .warning = 1,
         .leaf = {.ext = "basicConstraints=critical,CA:FALSE|"
                         "keyUsage=critical,digitalSignature,"
                         "keyCertSign|extendedKeyUsage=serverAuth|"
                         "subjectKeyIdentifier=hash|"
                         "authorityKeyIdentifier=keyid:always|"
                         "subjectAltName=DNS:localhost"},
         .host = "localhost",
         .want = POLICY_USAGE,
         .rule = "role.leaf-keycertsign"},
        {.name = "leaf keyAgreement only",
         .leaf = {.ext = "basicConstraints=critical,CA:FALSE|"
                         "keyUsage=critical,keyAgreement|extendedKeyUsage=serverAuth|"
                         "subjectKeyIdentifier=hash|"
                         "authorityKeyIdentifier=keyid:always|"
                         "subjectAltName=DNS:localhost"},
         .host = "localhost",
         .want = POLICY_USAGE,
         .rule = "role.leaf-key-usage"},
        {.name = "leaf keyEncipherment only",
         .leaf = {.ext = "basicConstraints=critical,CA:FALSE|"
                         "keyUsage=critical,keyEncipherment|extendedKeyUsage=serverAuth|"
                         "subjectKeyIdentifier=hash|"
                         "authorityKeyIdentifier=keyid:always|"
                         "subjectAltName=DNS:localhost"},
         .host = "localhost",
         .want = POLICY_USAGE,
         .rule = "role.leaf-key-usage"},
        {.name = "no EKU",
         .warning = 1,
         .leaf = {.ext = "basicConstraints=critical,CA:FALSE|keyUsage=critical,"
                         "digitalSignature|subjectKeyIdentifier=hash|"
                         "authorityKeyIdentifier=keyid:always|"
                         "subjectAltName=DNS:localhost"},
         .host = "localhost",
         .want = POLICY_USAGE,
         .rule = "role.eku"},
        {.name = "anyEKU only",
         .warning = 1,
         .leaf = {.ext = "basicConstraints=critical,CA:FALSE|"
                         "keyUsage=critical,digitalSignature|"
                         "extendedKeyUsage=anyExtendedKeyUsage|"
                         "subjectKeyIdentifier=hash|"
                         "authorityKeyIdentifier=keyid:always|"
                         "subjectAltName=DNS:localhost"},
         .host = "localhost",
         .want = POLICY_USAGE,
         .rule = "role.eku"},
        {.name = "clientAuth as server",
         .leaf = {.ext = "basicConstraints=critical,CA:FALSE|"
                         "extendedKeyUsage=clientAuth|" LEAF_KU_AKI "subjectAltName=DNS:localhost"},
         .host = "localhost",
         .want = POLICY_USAGE,
         .rule = "role.eku"},
        {.name = "serverAuth as client",
         .purpose = POLICY_PURPOSE_CLIENT,
         .want = POLICY_USAGE,
         .rule = "role.eku"},
        {.name = "root with EKU",
         .warning = 1,
         .root = {.ext = MINT_ROOT_EXT "|extendedKeyUsage=serverAuth"},
         .host = "localhost",
         .want = POLICY_USAGE,
         .rule = "role.root-eku"},
        {.name = "intermediate not CA",
         .inter = {.ext = "basicConstraints=critical,CA:FALSE|"
                          "keyUsage=critical,keyCertSign|"
                          "subjectKeyIdentifier=hash|"
                          "authorityKeyIdentifier=keyid:always"},
         .host = "localhost",
         .want = POLICY_UNTRUSTED,
         .rule = "role.ca-basic-constraints"},
        {.name = "root without basicConstraints",
         .warning = 1,
         .root = {.ext = "keyUsage=critical,keyCertSign|subjectKeyIdentifier=hash"},
         .host = "localhost",
         .want = POLICY_UNTRUSTED,
         .rule = "role.ca-basic-constraints"},
        {.name = "CA:TRUE not critical",
         .warning = 1,
         .inter = {.ext = "basicConstraints=CA:TRUE|"
                          "keyUsage=critical,keyCertSign|"
                          "subjectKeyIdentifier=hash|"
                          "authorityKeyIdentifier=keyid:always"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "format.criticality"},
        {.name = "CA without keyCertSign",
         .inter = {.ext = "basicConstraints=critical,CA:TRUE|keyUsage=critical,"
                          "digitalSignature|subjectKeyIdentifier=hash|"
                          "authorityKeyIdentifier=keyid:always"},
         .host = "localhost",
         .want = POLICY_UNTRUSTED,
         .rule = "role.ca-keycertsign"},
        {.name = "path length",
         .root = {.ext = "basicConstraints=critical,CA:TRUE,pathlen:0|keyUsage=critical,"
                         "keyCertSign|subjectKeyIdentifier=hash"},
         .host = "localhost",
         .want = POLICY_UNTRUSTED,
         .rule = "role.path-length"},
        {.name = "v1 CA",
         .inter = {.v1 = 1},
         .leaf = {.ext = LEAF_AKI_ISSUER},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "format.ca-v3"},

        /* Format. */
        {.name = "serial zero",
         .warning = 1,
         .leaf = {.serial = "0"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "format.serial"},
        {.name = "serial negative",
         .warning = 1,
         .leaf = {.serial = "-1"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "format.serial"},
        {.name = "serial 21 octets",
         .warning = 1,
         .leaf = {.serial = "0102030405060708090A0B0C0D0E0F10111213"
                            "1415"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "format.serial"},
        {.name = "serial 20 octets",
         .leaf = {.serial = "7102030405060708090A0B0C0D0E0F1011121314"},
         .host = "localhost"},
        {.name = "serial 20 octets, top bit",
         .warning = 1,
         .leaf = {.serial = "8102030405060708090A0B0C0D0E0F10"
                            "11121314"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "format.serial"},
        {.name = "no AKI",
         .warning = 1,
         .leaf = {.ext = "basicConstraints=critical,CA:FALSE|keyUsage=critical,"
                         "digitalSignature|extendedKeyUsage=serverAuth|"
                         "subjectAltName=DNS:localhost"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "format.aki"},
        {.name = "CA without SKI",
         .warning = 1,
         .inter = {.ext = "basicConstraints=critical,CA:TRUE|"
                          "keyUsage=critical,keyCertSign|"
                          "authorityKeyIdentifier=keyid:always"},
         .leaf = {.ext = LEAF_AKI_ISSUER},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "format.ski"},
        {.name = "unknown critical",
         .leaf = {.ext = MINT_LEAF_EXT "|1.2.3.4=critical,ASN1:NULL"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "format.critical-unknown"},
        {.name = "unknown non-critical",
         .leaf = {.ext = MINT_LEAF_EXT "|1.2.3.4=ASN1:NULL"},
         .host = "localhost"},
        {.name = "critical AKI",
         .warning = 1,
         .leaf = {.ext = "basicConstraints=critical,CA:FALSE|keyUsage="
                         "critical,digitalSignature|extendedKeyUsage="
                         "serverAuth|subjectKeyIdentifier=hash|"
                         "authorityKeyIdentifier=critical,keyid:always|"
                         "subjectAltName=DNS:localhost"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "format.criticality"},
        {.name = "duplicate extension",
         .leaf = {.ext = LEAF_SAN("DNS:localhost|"
                                  "subjectKeyIdentifier=hash")},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "format.duplicate-extension"},

        /* Keys and signatures. */
        {.name = "rsa1024",
         .warning = 1,
         .leaf = {.key = "rsa1024"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "key.rsa-size"},
        {.name = "rsa2052",
         .warning = 1,
         .leaf = {.key = "rsa2052"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "key.rsa-size"},
        {.name = "P-192",
         .leaf = {.key = "ec192"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "key.ec-curve"},
        {.name = "secp256k1",
         .leaf = {.key = "k256"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "key.ec-curve"},
        {.name = "DSA",
         .leaf = {.key = "dsa"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "key.dsa"},
        {.name = "weak CA key",
         .warning = 1,
         .inter = {.key = "rsa1024"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "key.rsa-size"},
        {.name = "SHA-1 leaf",
         .leaf = {.md = "sha1"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "sig.weak-hash"},
        {.name = "SHA-1 intermediate",
         .inter = {.md = "sha1"},
         .host = "localhost",
         .want = POLICY_FORMAT,
         .rule = "sig.weak-hash"},
        {.name = "SHA-1 self-signed root", .root = {.md = "sha1"}, .host = "localhost"},
};

struct chain_set {
	X509 *root, *inter, *leaf;
	EVP_PKEY *other;
};

static int
chain_make(const struct chain_case *c, struct chain_set *s)
{
	struct mint_spec root = c->root, inter = c->inter, leaf = c->leaf;

	memset(s, 0, sizeof(*s));
	if (root.subject == NULL)
		root.subject = "Test Root CA";
	if (inter.subject == NULL)
		inter.subject = "Test Intermediate CA";
	if (leaf.subject == NULL)
		leaf.subject = "localhost";
	s->root = mint(&root, MINT_ROOT_EXT, NULL, NULL, NULL);
	s->inter = s->root ? mint(&inter, MINT_INTER_EXT, s->root,
	                          mint_key(root.key ? root.key : "ec256"), NULL)
	                   : NULL;
	if (c->self_signed)
		s->leaf = mint(&leaf, MINT_LEAF_EXT, NULL, NULL, NULL);
	else if (c->leaf_by_root)
		s->leaf = mint(&leaf, MINT_LEAF_EXT, s->root,
		               mint_key(root.key ? root.key : "ec256"), NULL);
	else if (s->inter != NULL)
		s->leaf = mint(&leaf, MINT_LEAF_EXT, s->inter,
		               mint_key(inter.key ? inter.key : "ec256"),
		               c->bad_signature ? mint_key("ec384") : NULL);
	return s->root && s->inter && s->leaf ? 0 : -1;
}

static void
chain_free(struct chain_set *s)
{
	X509_free(s->root);
	X509_free(s->inter);
	X509_free(s->leaf);
}

/* Whether rule is among r's findings (first: it must be the first reported). */
static int
has_rule(const struct policy_result *r, const char *rule, int first)
{
	int i;

	if (first)
		return policy_first(r) != NULL && strcmp(policy_first(r)->rule, rule) == 0;
	for (i = 0; i < r->n; i++)
		if (strcmp(r->findings[i].rule, rule) == 0)
			return 1;
	return 0;
}

/* Whether rule is among r's warnings. */
static int
has_warning(const struct policy_result *r, const char *rule)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (r->findings[i].severity == POLICY_WARNING &&
		    strcmp(r->findings[i].rule, rule) == 0)
			return 1;
	return 0;
}

/*
 * Verifies c's chain, strict or not. Strict: the class and rule of the case.
 * Default: the same, but a case whose rule is a warning passes with that
 * warning (and no error).
 */
static void
run_case_mode(const struct chain_case *c, int strict)
{
	struct chain_set s;
	struct policy_result r;
	struct policy_request q;
	const struct policy_finding *f;
	X509_STORE *store = X509_STORE_new();
	STACK_OF(X509) *sent = sk_X509_new_null();
	enum policy_class want = c->warning && !strict ? POLICY_OK : c->want;
	char text[1024];
	int rc, bad;

	memset(&r, 0, sizeof(r));
	memset(&q, 0, sizeof(q));
	if (chain_make(c, &s) == -1) {
		fprintf(stderr, "%s: cannot mint the chain\n", c->name);
		UNIT_CHECK(0);
		goto done;
	}
	X509_STORE_add_cert(store, c->trust_inter ? s.inter : s.root);
	if (!c->inter_not_sent && !c->leaf_by_root && !c->self_signed)
		sk_X509_push(sent, s.inter);
	q.leaf = s.leaf;
	q.sent = sent;
	q.anchors = store;
	q.host = c->host;
	q.purpose = c->purpose;
	q.strict = strict;
	snprintf(r.anchor_file, sizeof(r.anchor_file), "ca.pem");
	rc = policy_verify(&q, &r);
	f = policy_first(&r);
	if (f != NULL)
		policy_finding_text(f, text, sizeof(text));
	bad = (want == POLICY_OK) != (rc == 0) || (f ? f->cls : POLICY_OK) != want;
	if (c->warning && !strict)
		bad |= !has_warning(&r, c->rule);
	else
		bad |= c->rule != NULL &&
		       !has_rule(&r, c->rule, strncmp(c->rule, "trust.", 6) == 0);
	/* Strict mode records no warnings: each is an error. */
	bad |= strict && policy_warning_count(&r) != 0;
	if (bad)
		fprintf(stderr,
		        "case '%s'%s: got rc %d class %d rule %s (%s); want class %d rule %s%s\n",
		        c->name, strict ? " (strict)" : "", rc, f ? (int)f->cls : 0,
		        f ? f->rule : "-", f ? text : "-", want, c->rule ? c->rule : "-",
		        c->warning && !strict ? " as a warning" : "");
	UNIT_CHECK(!bad);
	/* Every finding names its certificate and has a fix; a warning has a reference. */
	for (rc = 0; rc < r.n; rc++) {
		UNIT_CHECK(r.findings[rc].fix != NULL && r.findings[rc].subject[0] != '\0');
		if (r.findings[rc].severity == POLICY_WARNING)
			UNIT_CHECK(policy_rule_ref(r.findings[rc].rule)[0] != '\0');
	}
	if (c->trust_inter && want == POLICY_OK)
		UNIT_CHECK(strstr(r.anchor, "Test Intermediate CA") != NULL);
	else if (want == POLICY_OK && !c->self_signed)
		UNIT_CHECK(strstr(r.anchor, "Test Root CA") != NULL);
done:
	policy_result_free(&r);
	chain_free(&s);
	sk_X509_free(sent);
	X509_STORE_free(store);
}

static void
run_case(const struct chain_case *c)
{
	run_case_mode(c, 0);
	run_case_mode(c, 1);
}

/* Two intermediates, each with AKI/SKI, the top one with pathlen 1. */
static void
test_two_intermediates(void)
{
	struct mint_spec root = {.subject = "Root"}, i1 = {.subject = "Inter 1"},
	                 i2 = {.subject = "Inter 2"}, leaf = {.subject = "localhost"};
	X509 *r = mint(&root, MINT_ROOT_EXT, NULL, NULL, NULL), *a, *b, *l;
	struct policy_result res;
	struct policy_request q;
	X509_STORE *store = X509_STORE_new();
	STACK_OF(X509) *sent = sk_X509_new_null();

	a = mint(&i1,
	         "basicConstraints=critical,CA:TRUE,pathlen:1|keyUsage=critical,keyCertSign|"
	         "subjectKeyIdentifier=hash|authorityKeyIdentifier=keyid:always",
	         r, mint_key("ec256"), NULL);
	b = mint(&i2, MINT_INTER_EXT, a, mint_key("ec256"), NULL);
	l = mint(&leaf, MINT_LEAF_EXT, b, mint_key("ec256"), NULL);
	X509_STORE_add_cert(store, r);
	sk_X509_push(sent, b);
	sk_X509_push(sent, a);
	memset(&res, 0, sizeof(res));
	memset(&q, 0, sizeof(q));
	q.leaf = l;
	q.sent = sent;
	q.anchors = store;
	q.host = "localhost";
	UNIT_CHECK_INT(policy_verify(&q, &res), 0);
	UNIT_CHECK_INT(sk_X509_num(res.path), 4);
	policy_result_free(&res);
	sk_X509_free(sent);
	X509_STORE_free(store);
	X509_free(r);
	X509_free(a);
	X509_free(b);
	X509_free(l);
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	test_two_intermediates();
	mint_free_keys();
	return unit_done();
}
