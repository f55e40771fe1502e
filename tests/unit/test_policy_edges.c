/*
 * Unit tests for the edges of the certificate policy: validity bounds are
 * inclusive (RFC 5280 4.1.2.5); explicit-curve keys and an undecodable
 * authorityInfoAccess are refused (as Chromium refuses them); the anchor is
 * trusted by configuration (serial 0: no finding against it; v1: a warning),
 * over every root of Debian's ca-certificates bundle; a leading-period name constraint
 * is read as Chromium reads it (the names below), with a warning.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/pem.h>

#include "findings.h"
#include "policy.h"
#include "policy_mint.h"
#include "unit.h"

#define BUNDLE "/etc/ssl/certs/ca-certificates.crt"

/* root -> intermediate -> leaf, each as spec says (NULL fields: the defaults). */
struct edge_chain {
	X509 *root, *inter, *leaf;
};

/* A certificate as a verifier gets it: encoded and decoded again. */
static X509 *
edge_reparse(X509 *x)
{
	unsigned char *der = NULL;
	const unsigned char *p;
	int len = i2d_X509(x, &der);
	X509 *y = NULL;

	p = der;
	if (len > 0)
		y = d2i_X509(NULL, &p, len);
	OPENSSL_free(der);
	X509_free(x);
	return y;
}

static int
edge_make(struct edge_chain *c, struct mint_spec root, struct mint_spec inter,
          struct mint_spec leaf)
{
	memset(c, 0, sizeof(*c));
	if (root.subject == NULL)
		root.subject = "Test Root CA";
	if (inter.subject == NULL)
		inter.subject = "Test Intermediate CA";
	if (leaf.subject == NULL)
		leaf.subject = "localhost";
	c->root = edge_reparse(mint(&root, MINT_ROOT_EXT, NULL, NULL, NULL));
	if (c->root != NULL)
		c->inter = edge_reparse(mint(&inter, MINT_INTER_EXT, c->root,
		                             mint_key(root.key ? root.key : "ec256"), NULL));
	if (c->inter != NULL)
		c->leaf = edge_reparse(mint(&leaf, MINT_LEAF_EXT, c->inter,
		                            mint_key(inter.key ? inter.key : "ec256"), NULL));
	return c->leaf != NULL ? 0 : -1;
}

static void
edge_free(struct edge_chain *c)
{
	X509_free(c->root);
	X509_free(c->inter);
	X509_free(c->leaf);
}

/*
 * Verifies c for localhost at time at (0: now), strict or not. Returns the
 * rc of policy_verify; *first: the first error's rule or "-"; *warn: 1 when
 * rule is among the warnings.
 */
static int
edge_verify(const struct edge_chain *c, time_t at, int strict, const char *host, const char **first,
            const char *rule, int *warn)
{
	static char got[64];
	struct policy_request q;
	struct policy_result r;
	X509_STORE *store = X509_STORE_new();
	STACK_OF(X509) *sent = sk_X509_new_null();
	const struct policy_finding *f;
	int rc, i;

	memset(&q, 0, sizeof(q));
	memset(&r, 0, sizeof(r));
	X509_STORE_add_cert(store, c->root);
	sk_X509_push(sent, c->inter);
	q.leaf = c->leaf;
	q.sent = sent;
	q.anchors = store;
	q.host = host;
	q.purpose = POLICY_PURPOSE_SERVER;
	q.at = at;
	q.strict = strict;
	rc = policy_verify(&q, &r);
	f = policy_first(&r);
	snprintf(got, sizeof(got), "%s", f ? f->rule : "-");
	*first = got;
	*warn = 0;
	for (i = 0; rule != NULL && i < r.n; i++)
		*warn |= r.findings[i].severity == POLICY_WARNING &&
		         strcmp(r.findings[i].rule, rule) == 0;
	policy_result_free(&r);
	sk_X509_free(sent);
	X509_STORE_free(store);
	return rc;
}

static time_t
edge_time(const ASN1_TIME *t)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	return ASN1_TIME_to_tm(t, &tm) == 1 ? timegm(&tm) : 0;
}

/* notBefore <= t <= notAfter: both instants are inside, the seconds around them outside. */
static void
test_validity_inclusive(void)
{
	struct mint_spec leaf = {.days_from = 1, .days_to = 10};
	struct edge_chain c;
	const char *first;
	time_t nb, na;
	int warn;

	UNIT_CHECK_INT(edge_make(&c, (struct mint_spec){0}, (struct mint_spec){0}, leaf), 0);
	nb = edge_time(X509_get0_notBefore(c.leaf));
	na = edge_time(X509_get0_notAfter(c.leaf));
	UNIT_CHECK(nb > 0 && na > nb);
	UNIT_CHECK_INT(edge_verify(&c, na + 1, 0, "localhost", &first, NULL, &warn), -1);
	UNIT_CHECK_STR(first, "validity.expired");
	UNIT_CHECK_INT(edge_verify(&c, na, 0, "localhost", &first, NULL, &warn), 0);
	UNIT_CHECK_STR(first, "-");
	UNIT_CHECK_INT(edge_verify(&c, na - 1, 0, "localhost", &first, NULL, &warn), 0);
	UNIT_CHECK_INT(edge_verify(&c, nb - 1, 0, "localhost", &first, NULL, &warn), -1);
	UNIT_CHECK_STR(first, "validity.not-yet-valid");
	UNIT_CHECK_INT(edge_verify(&c, nb, 0, "localhost", &first, NULL, &warn), 0);
	UNIT_CHECK_STR(first, "-");
	edge_free(&c);
}

/* Errors in both modes: Chromium refuses them too. */
static void
test_refused(const char *what, struct mint_spec inter, struct mint_spec leaf, const char *rule)
{
	struct edge_chain c;
	const char *first;
	int warn, strict;

	if (edge_make(&c, (struct mint_spec){0}, inter, leaf) == -1) {
		fprintf(stderr, "%s: cannot mint the chain\n", what);
		UNIT_CHECK(0);
		return;
	}
	for (strict = 0; strict < 2; strict++) {
		UNIT_CHECK_INT(edge_verify(&c, 0, strict, "localhost", &first, NULL, &warn), -1);
		if (strcmp(first, rule) != 0)
			fprintf(stderr, "%s%s: first rule %s, want %s\n", what,
			        strict ? " (strict)" : "", first, rule);
		UNIT_CHECK_STR(first, rule);
	}
	edge_free(&c);
}

/* A chain below an anchor with serial 0 passes, strict too; one below a v1 anchor passes. */
static void
test_anchor_not_judged(void)
{
	struct mint_spec root0 = {.serial = "0"}, v1 = {.v1 = 1};
	struct mint_spec inter = {.ext = "basicConstraints=critical,CA:TRUE,pathlen:0|"
	                                 "keyUsage=critical,keyCertSign,cRLSign|"
	                                 "subjectKeyIdentifier=hash"};
	struct edge_chain c;
	const char *first;
	int warn, strict;

	for (strict = 0; strict < 2; strict++) {
		UNIT_CHECK_INT(edge_make(&c, root0, (struct mint_spec){0}, (struct mint_spec){0}),
		               0);
		UNIT_CHECK(ASN1_INTEGER_get(X509_get0_serialNumber(c.root)) == 0);
		UNIT_CHECK_INT(edge_verify(&c, 0, strict, "localhost", &first, NULL, &warn), 0);
		UNIT_CHECK_STR(first, "-");
		edge_free(&c);
	}
	/*
	 * A v1 root (no extensions): taken as the anchor, with a warning (a CA is
	 * v3; strict: 25). Its intermediate cannot name it by key identifier (a
	 * warning too, format.aki).
	 */
	UNIT_CHECK_INT(edge_make(&c, v1, inter, (struct mint_spec){0}), 0);
	UNIT_CHECK_INT(edge_verify(&c, 0, 0, "localhost", &first, "format.ca-v3", &warn), 0);
	UNIT_CHECK_STR(first, "-");
	UNIT_CHECK(warn);
	UNIT_CHECK_INT(edge_verify(&c, 0, 1, "localhost", &first, NULL, &warn), -1);
	edge_free(&c);
	/* Negative: the same serial 0 below the anchor is a finding (a warning; strict: 25). */
	UNIT_CHECK_INT(edge_make(&c, (struct mint_spec){0}, (struct mint_spec){.serial = "0"},
	                         (struct mint_spec){0}),
	               0);
	UNIT_CHECK_INT(edge_verify(&c, 0, 0, "localhost", &first, "format.serial", &warn), 0);
	UNIT_CHECK(warn);
	UNIT_CHECK_INT(edge_verify(&c, 0, 1, "localhost", &first, NULL, &warn), -1);
	UNIT_CHECK_STR(first, "format.serial");
	edge_free(&c);
}

/* ".example.com": the names below it, with a warning; example.com itself is outside. */
static void
test_leading_period(void)
{
	struct mint_spec inter = {.ext = MINT_INTER_EXT
	                          "|nameConstraints=critical,permitted;DNS:.example.com"};
	struct mint_spec in = {.subject = "a.example.com",
	                       .ext = "basicConstraints=critical,CA:FALSE|keyUsage=critical,"
	                              "digitalSignature|extendedKeyUsage=serverAuth|"
	                              "authorityKeyIdentifier=keyid:always|"
	                              "subjectAltName=DNS:a.example.com"};
	struct mint_spec out = {.subject = "example.com",
	                        .ext = "basicConstraints=critical,CA:FALSE|keyUsage=critical,"
	                               "digitalSignature|extendedKeyUsage=serverAuth|"
	                               "authorityKeyIdentifier=keyid:always|"
	                               "subjectAltName=DNS:example.com"};
	struct edge_chain c;
	const char *first;
	int warn;

	UNIT_CHECK_INT(edge_make(&c, (struct mint_spec){0}, inter, in), 0);
	UNIT_CHECK_INT(edge_verify(&c, 0, 0, "a.example.com", &first, "nc.malformed", &warn), 0);
	UNIT_CHECK(warn);
	UNIT_CHECK_INT(edge_verify(&c, 0, 1, "a.example.com", &first, NULL, &warn), -1);
	UNIT_CHECK_STR(first, "nc.malformed");
	edge_free(&c);
	UNIT_CHECK_INT(edge_make(&c, (struct mint_spec){0}, inter, out), 0);
	UNIT_CHECK_INT(edge_verify(&c, 0, 0, "example.com", &first, NULL, &warn), -1);
	UNIT_CHECK_STR(first, "nc.violation");
	edge_free(&c);
}

/*
 * Every root of Debian's bundle as the anchor above a leaf: no finding is
 * about the anchor itself (depth 1), warnings included, strict mode too.
 */
static void
test_debian_roots(void)
{
	struct mint_spec ls = {.subject = "localhost"};
	X509 *leaf = mint(&ls, MINT_LEAF_EXT, NULL, NULL, NULL), *root;
	FILE *f = fopen(BUNDLE, "r");
	int roots = 0, against = 0, i;

	UNIT_CHECK(f != NULL && leaf != NULL);
	while (f != NULL && (root = PEM_read_X509(f, NULL, NULL, NULL)) != NULL) {
		STACK_OF(X509) *path = sk_X509_new_null();
		struct policy_result r;

		memset(&r, 0, sizeof(r));
		r.trusted = 1;
		r.strict = 1;
		sk_X509_push(path, leaf);
		sk_X509_push(path, root);
		policy_check_path(path, NULL, POLICY_PURPOSE_SERVER, &r);
		for (i = 0; i < r.n; i++)
			if (r.findings[i].depth == 1) {
				fprintf(stderr, "root %s: %s [%s]\n", r.findings[i].subject,
				        r.findings[i].detail, r.findings[i].rule);
				against++;
			}
		roots++;
		sk_X509_free(path);
		X509_free(root);
	}
	if (f != NULL)
		fclose(f);
	fprintf(stderr, "%d roots of %s checked as anchors, %d findings against them\n", roots,
	        BUNDLE, against);
	UNIT_CHECK(roots > 100);
	UNIT_CHECK_INT(against, 0);
	X509_free(leaf);
}

/* A table full of warnings still reports the error that comes after them (fails closed, by name). */
static void
test_error_after_full_table(void)
{
	struct policy_result r;
	const struct policy_finding *f;
	int i;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < POLICY_FINDINGS_MAX + 3; i++)
		policy_warn(&r, POLICY_FORMAT, "format.serial", 0, NULL, "fix", "warning %d", i);
	UNIT_CHECK(policy_first(&r) == NULL);
	policy_add(&r, POLICY_NAME, "name.mismatch", 0, NULL, "fix", "the error");
	f = policy_first(&r);
	UNIT_CHECK(f != NULL && strcmp(f->rule, "name.mismatch") == 0);
	UNIT_CHECK_INT(r.dropped, 0);
	UNIT_CHECK_INT(r.n, POLICY_FINDINGS_MAX);
}

int
main(void)
{
	test_error_after_full_table();
	struct mint_spec none = {0};

	test_validity_inclusive();
	test_refused("explicit-curve leaf", none, (struct mint_spec){.key = "ec256x"},
	             "key.ec-explicit");
	test_refused("explicit-curve intermediate", (struct mint_spec){.key = "ec256x"}, none,
	             "key.ec-explicit");
	test_refused(
	        "undecodable AIA", none,
	        (struct mint_spec){.ext = MINT_LEAF_EXT "|authorityInfoAccess=DER:30:03:02:01:01"},
	        "format.aia");
	/* found by an independent tester: an empty SEQUENCE, and bytes after a good one */
	test_refused("empty AIA", none,
	             (struct mint_spec){.ext = MINT_LEAF_EXT "|authorityInfoAccess=DER:30:00"},
	             "format.aia");
	test_refused("AIA with trailing bytes", none,
	             (struct mint_spec){.ext = MINT_LEAF_EXT
	                                "|authorityInfoAccess=DER:30:1a:30:18:06:08:2b:06:01:05:05:"
	                                "07:30:02:86:0c:68:74:74:70:3a:2f:2f:78:2f:61:2e:63:05:00"},
	             "format.aia");
	test_anchor_not_judged();
	test_leading_period();
	test_debian_roots();
	mint_free_keys();
	return unit_done();
}
