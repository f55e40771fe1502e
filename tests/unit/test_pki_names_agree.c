/*
 * One name engine for issuing and verifying: for each name under a CA with
 * name constraints, the check https_pki issue and sign run before writing a
 * certificate (pki_names_check_constraints) refuses exactly when the policy
 * both verifiers apply (policy_verify) rejects a leaf with that name under
 * the same CA. Names the policy only warns about (an underscore, a bad DNS
 * syntax, a leading-period constraint) pass both. Separately, the --san
 * parser (pki_sans_add): it refuses a bad DNS syntax and URIs outright.
 */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "names.h"
#include "pki.h"
#include "policy.h"
#include "policy_mint.h"
#include "profile.h"
#include "unit.h"

/* CA "A": DNS, IPv4, IPv6, email and URI subtrees, and an excluded DNS subtree. */
#define NC_A                                                                                  \
	"nameConstraints=critical,permitted;DNS:example.com,permitted;IP:10.0.0.0/255.0.0.0," \
	"permitted;IP:fd00::/ff00::,permitted;email:example.com,permitted;URI:.example.com,"  \
	"excluded;DNS:bad.example.com"
/* CA "B": a leading-period constraint (Chromium: the names below it), and localhost. */
#define NC_B "nameConstraints=critical,permitted;DNS:.lead.example,permitted;DNS:localhost"

#define LEAF_EXT                                                                 \
	"basicConstraints=critical,CA:FALSE|keyUsage=critical,digitalSignature|" \
	"extendedKeyUsage=serverAuth|subjectKeyIdentifier=hash|"                 \
	"authorityKeyIdentifier=keyid:always|subjectAltName="

static const struct name_case {
	char ca;            /* 'A' or 'B' */
	const char *name;   /* as --san takes it, and as OpenSSL's config reads it */
	int refused;        /* verify rejects it (an error), so issue must refuse it */
	int code;           /* issue's exit code when refused */
	int parser_ok;      /* pki_sans_add accepts it */
	const char *detail; /* in issue's message, when refused */
} cases[] = {
        {'A', "DNS:www.example.com", 0, 0, 1, NULL},
        {'A', "DNS:example.com", 0, 0, 1, NULL},
        {'A', "DNS:example.org", 1, DEMO_EXIT_UNTRUSTED, 1, "DNS:example.org: outside"},
        {'A', "DNS:notexample.com", 1, DEMO_EXIT_UNTRUSTED, 1, "outside the name constraints"},
        {'A', "DNS:bad.example.com", 1, DEMO_EXIT_UNTRUSTED, 1, "excluded: DNS:bad.example.com"},
        {'A', "DNS:x.bad.example.com", 1, DEMO_EXIT_UNTRUSTED, 1, "excluded"},
        /* A wildcard stands for every name it covers: bad.example.com among them. */
        {'A', "DNS:*.example.com", 1, DEMO_EXIT_UNTRUSTED, 1, "DNS:*.example.com: outside"},
        {'A', "DNS:*.ok.example.com", 0, 0, 1, NULL},
        {'A', "IP:10.1.2.3", 0, 0, 1, NULL},
        {'A', "IP:11.1.2.3", 1, DEMO_EXIT_UNTRUSTED, 1, "IP:11.1.2.3: outside"},
        {'A', "IP:fd00::1", 0, 0, 1, NULL},
        {'A', "IP:fe80::1", 1, DEMO_EXIT_UNTRUSTED, 1, "IP:fe80::1: outside"},
        /* Only warnings for the policy (Chromium matches such names): issued. */
        {'A', "DNS:under_score.example.com", 0, 0, 1, NULL},
        {'A', "DNS:a..b.example.com", 0, 0, 0, NULL},
        {'A', "DNS:-a.example.com", 0, 0, 0, NULL},
        {'A', "DNS:a_b..example.org", 1, DEMO_EXIT_UNTRUSTED, 0, "outside"},
        {'A', "email:a@example.com", 0, 0, 1, NULL},
        {'A', "email:a@example.org", 1, DEMO_EXIT_UNTRUSTED, 1, "email:a@example.org: outside"},
        {'A', "URI:https://www.example.com/x", 0, 0, 0, NULL},
        {'A', "URI:https://example.org/", 1, DEMO_EXIT_UNTRUSTED, 0, "URI:https://example.org/"},
        {'B', "DNS:www.lead.example", 0, 0, 1, NULL},
        {'B', "DNS:lead.example", 1, DEMO_EXIT_UNTRUSTED, 1, "DNS:lead.example: outside"},
        {'B', "DNS:localhost", 0, 0, 1, NULL},
        {'B', "IP:127.0.0.1", 0, 0, 1, NULL}, /* no IP subtree: IP names are free */
        /* Inside the constraints, but a wildcard over a single label: a name error. */
        {'B', "DNS:*.localhost", 1, DEMO_EXIT_USAGE, 1, "has a wildcard"},
};

/* verify's verdict: 1 when policy_verify rejects leaf under root (purpose server, no host). */
static int
verify_refuses(X509 *leaf, X509 *root, int *warnings)
{
	struct policy_request q;
	struct policy_result r;
	X509_STORE *store = X509_STORE_new();
	int rc;

	memset(&q, 0, sizeof(q));
	memset(&r, 0, sizeof(r));
	X509_STORE_add_cert(store, root);
	q.leaf = leaf;
	q.anchors = store;
	q.purpose = POLICY_PURPOSE_SERVER;
	rc = policy_verify(&q, &r);
	*warnings = policy_warning_count(&r);
	policy_result_free(&r);
	X509_STORE_free(store);
	return rc != 0;
}

/* issue's decision on leaf under root: 1 when refused (e says why). */
static int
issue_refuses(X509 *leaf, X509 *root, struct err *e)
{
	STACK_OF(X509) *cas = sk_X509_new_null();
	int rc;

	sk_X509_push(cas, root);
	err_clear(e);
	rc = pki_names_check_constraints(leaf, cas, e);
	sk_X509_free(cas);
	return rc != 0;
}

/* The leaf https_pki issue itself makes for the name, then its decision on it. */
static int
issue_made_refuses(const struct pki_sans *sans, X509 *root, struct err *e)
{
	struct pki_cert_spec spec;
	X509_NAME *name = pki_name_parse("CN=Test", e);
	X509 *leaf;
	int rc = -1;

	memset(&spec, 0, sizeof(spec));
	spec.profile = PKI_PROFILE_SERVER;
	spec.subject = name;
	spec.key = mint_key("ec256");
	spec.issuer = root;
	spec.issuer_key = mint_key("ec256");
	spec.sans = sans;
	spec.not_before = time(NULL) - 60;
	spec.not_after = time(NULL) + 86400;
	leaf = pki_cert_make(&spec, e);
	UNIT_CHECK(leaf != NULL);
	if (leaf != NULL)
		rc = issue_refuses(leaf, root, e);
	X509_free(leaf);
	X509_NAME_free(name);
	return rc;
}

static void
test_issue_equals_verify(void)
{
	struct mint_spec ra = {.subject = "Root A"}, rb = {.subject = "Root B"};
	X509 *root_a = mint(&ra, MINT_ROOT_EXT "|" NC_A, NULL, NULL, NULL);
	X509 *root_b = mint(&rb, MINT_ROOT_EXT "|" NC_B, NULL, NULL, NULL);
	size_t i;

	UNIT_CHECK(root_a != NULL && root_b != NULL);
	for (i = 0; root_a && root_b && i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct name_case *c = &cases[i];
		X509 *root = c->ca == 'A' ? root_a : root_b, *leaf;
		struct mint_spec ls = {.subject = "Test"};
		struct pki_sans sans = {.n = 0};
		char ext[512];
		struct err e;
		int verify, issue, warnings = 0;

		snprintf(ext, sizeof(ext), "%s%s", LEAF_EXT, c->name);
		leaf = mint(&ls, ext, root, mint_key("ec256"), NULL);
		UNIT_CHECK(leaf != NULL);
		if (leaf == NULL)
			continue;
		verify = verify_refuses(leaf, root, &warnings);
		issue = issue_refuses(leaf, root, &e);
		if (verify != c->refused || issue != verify)
			fprintf(stderr,
			        "%c %s: verify refuses %d, issue refuses %d (%s), want %d\n", c->ca,
			        c->name, verify, issue, e.msg, c->refused);
		UNIT_CHECK_INT(verify, c->refused);
		UNIT_CHECK_INT(issue, verify);
		if (issue) {
			UNIT_CHECK_INT(e.code, c->code);
			if (strstr(e.msg, c->detail) == NULL)
				fprintf(stderr, "%s: message '%s'\n", c->name, e.msg);
			UNIT_CHECK(strstr(e.msg, c->detail) != NULL);
			UNIT_CHECK(e.fix[0] != '\0');
		}
		/* The names verify only warns about are issued, and verify does warn. */
		if (strchr(c->name, '_') || strstr(c->name, "..") || strstr(c->name, ":-") ||
		    strstr(c->name, "lead"))
			UNIT_CHECK(warnings > 0);
		/* The --san parser, then the whole path issue takes for the names it accepts. */
		err_clear(&e);
		UNIT_CHECK_INT(pki_sans_add(&sans, c->name, &e) == 0, c->parser_ok);
		if (c->parser_ok)
			UNIT_CHECK_INT(issue_made_refuses(&sans, root, &e), c->refused);
		pki_sans_free(&sans);
		X509_free(leaf);
	}
	X509_free(root_a);
	X509_free(root_b);
}

/*
 * A leaf without subjectAltName: its CN, when it reads as a host name, is
 * checked against the DNS constraints by both (OpenSSL's reading, which the
 * server applies to client certificates).
 */
static void
test_cn_without_san(void)
{
	static const struct {
		const char *cn;
		int refused;
	} cns[] = {{"www.example.com", 0}, {"www.example.org", 1}, {"Alice", 0}};
	struct mint_spec ra = {.subject = "Root A"};
	X509 *root = mint(&ra, MINT_ROOT_EXT "|" NC_A, NULL, NULL, NULL);
	size_t i;

	for (i = 0; root && i < sizeof(cns) / sizeof(cns[0]); i++) {
		struct mint_spec ls = {.subject = cns[i].cn};
		X509 *leaf = mint(&ls,
		                  "basicConstraints=critical,CA:FALSE|keyUsage=critical,"
		                  "digitalSignature|extendedKeyUsage=clientAuth",
		                  root, mint_key("ec256"), NULL);
		struct policy_request q;
		struct policy_result r;
		X509_STORE *store = X509_STORE_new();
		struct err e;

		memset(&q, 0, sizeof(q));
		memset(&r, 0, sizeof(r));
		X509_STORE_add_cert(store, root);
		q.leaf = leaf;
		q.anchors = store;
		q.purpose = POLICY_PURPOSE_CLIENT;
		UNIT_CHECK_INT(policy_verify(&q, &r) != 0, cns[i].refused);
		UNIT_CHECK_INT(issue_refuses(leaf, root, &e), cns[i].refused);
		if (cns[i].refused)
			UNIT_CHECK(strstr(e.msg, "the subject CN") != NULL);
		policy_result_free(&r);
		X509_STORE_free(store);
		X509_free(leaf);
	}
	X509_free(root);
}

int
main(void)
{
	test_issue_equals_verify();
	test_cn_without_san();
	mint_free_keys();
	return unit_done();
}
