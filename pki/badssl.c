/*
 * https_pki badssl DIR: a local set of deliberately broken certificates, one
 * folder per case (cert.pem: what a server sends, leaf first; key.pem), the
 * root a client trusts for all of them (DIR/ca.pem), and DIR/README.txt with
 * what a correct client must report. Layout fixed in docs/architecture.md.
 */
#include <limits.h>
#include <string.h>

#include <openssl/err.h>

#include "defaults.h"
#include "opts.h"
#include "secret.h"
#include "pki.h"

#define DAY 86400

enum badssl_issuer { BY_INTER, BY_SELF, BY_UNTRUSTED, BY_NOT_CA };
enum badssl_when { NOW, PAST, FUTURE };

struct badssl_case {
	const char *name;
	const char *report; /* README: what a correct client must report */
	enum badssl_issuer issuer;
	enum pki_profile profile;
	const char *san1, *san2;
	enum badssl_when when;
	int rsa_bits; /* 0: P-256 */
	int sha1;
	int leaf_only; /* cert.pem without the intermediate */
};

static const struct badssl_case badssl_cases[] = {
        {"expired", "certificate expired (https_client exit 15; openssl verify error 10)", BY_INTER,
         PKI_PROFILE_SERVER, "DNS:localhost", "IP:127.0.0.1", PAST, 0, 0, 0},
        {"not-yet-valid",
         "certificate not yet valid (https_client exit 16; openssl verify error 9)", BY_INTER,
         PKI_PROFILE_SERVER, "DNS:localhost", "IP:127.0.0.1", FUTURE, 0, 0, 0},
        {"wrong-host",
         "name mismatch: only other.localhost is named (https_client exit 17; "
         "openssl verify -verify_hostname localhost error 62)",
         BY_INTER, PKI_PROFILE_SERVER, "DNS:other.localhost", NULL, NOW, 0, 0, 0},
        {"self-signed", "self-signed certificate (https_client exit 13; openssl verify error 18)",
         BY_SELF, PKI_PROFILE_SERVER, "DNS:localhost", "IP:127.0.0.1", NOW, 0, 0, 1},
        {"untrusted-root",
         "untrusted issuer: the chain ends at a root not in ca.pem "
         "(https_client exit 12; openssl verify error 20)",
         BY_UNTRUSTED, PKI_PROFILE_SERVER, "DNS:localhost", "IP:127.0.0.1", NOW, 0, 0, 0},
        {"missing-intermediate",
         "incomplete chain: the intermediate is not sent "
         "(https_client exit 14; openssl verify error 20)",
         BY_INTER, PKI_PROFILE_SERVER, "DNS:localhost", "IP:127.0.0.1", NOW, 0, 0, 1},
        {"client-eku",
         "wrong extended key usage: clientAuth only (https_client exit 18; "
         "openssl verify -purpose sslserver error 26)",
         BY_INTER, PKI_PROFILE_CLIENT, "DNS:localhost", "IP:127.0.0.1", NOW, 0, 0, 0},
        {"intermediate-not-ca",
         "invalid CA: the intermediate has CA:FALSE (https_client exit 12; "
         "openssl verify error 79)",
         BY_NOT_CA, PKI_PROFILE_SERVER, "DNS:localhost", "IP:127.0.0.1", NOW, 0, 0, 0},
        {"outside-constraints",
         "name outside the root's name constraints: example.com "
         "(openssl verify error 47 even for a client that does not check "
         "the name; wolfSSL does not enforce name constraints, so "
         "https_client reports at best a name mismatch, exit 17)",
         BY_INTER, PKI_PROFILE_SERVER, "DNS:example.com", NULL, NOW, 0, 0, 0},
        {"rsa1024",
         "weak key: RSA 1024 bits (https_client exit 10 or 12; openssl verify "
         "-auth_level 2 error 66)",
         BY_INTER, PKI_PROFILE_SERVER, "DNS:localhost", "IP:127.0.0.1", NOW, 1024, 0, 0},
        {"sha1",
         "weak signature: SHA-1 (reported as the client sees it; openssl verify "
         "-auth_level 2 error 68)",
         BY_INTER, PKI_PROFILE_SERVER, "DNS:localhost", "IP:127.0.0.1", NOW, 0, 1, 0},
};

#define BADSSL_NCASES (sizeof(badssl_cases) / sizeof(badssl_cases[0]))

struct badssl_ca {
	EVP_PKEY *key;
	X509 *cert;
};

struct badssl_run {
	const char *dir;
	const char *pass;
	time_t now;
	char tag[9];
	struct badssl_ca root, inter, other_root, other_inter, not_ca;
	struct pki_outset out;
	char readme[8192];
	size_t readme_len;
};

static int
badssl_make_ca(struct badssl_run *r, struct badssl_ca *ca, const char *cn, struct badssl_ca *issuer,
               enum pki_profile profile, int unsafe_not_ca, struct err *e)
{
	struct pki_key_spec ks = {PKI_KEY_EC_P256, 0};
	struct pki_cert_spec spec;
	char subject[200];
	X509_NAME *name;

	snprintf(subject, sizeof(subject), "O=HTTPS Demo,OU=badssl %s,CN=%s", r->tag, cn);
	if ((ca->key = pki_key_generate(&ks, 0, e)) == NULL ||
	    (name = pki_name_parse(subject, e)) == NULL)
		return -1;
	memset(&spec, 0, sizeof(spec));
	spec.profile = profile;
	spec.subject = name;
	spec.key = ca->key;
	spec.issuer = issuer ? issuer->cert : NULL;
	spec.issuer_key = issuer ? issuer->key : NULL;
	/* Long before the past case and after the future case: only the leaf's period is wrong. */
	spec.not_before = r->now - 400 * DAY;
	spec.not_after = r->now + DEMO_CA_DAYS_DEFAULT * (time_t)DAY;
	spec.pathlen = 0;
	spec.name_constraints = profile == PKI_PROFILE_ROOT;
	spec.unsafe_not_ca = unsafe_not_ca;
	ca->cert = pki_cert_make(&spec, e);
	X509_NAME_free(name);
	return ca->cert ? 0 : -1;
}

static int
badssl_make_cas(struct badssl_run *r, struct err *e)
{
	if (badssl_make_ca(r, &r->root, "HTTPS Demo badssl Root CA", NULL, PKI_PROFILE_ROOT, 0,
	                   e) == -1 ||
	    badssl_make_ca(r, &r->inter, "HTTPS Demo badssl Intermediate CA", &r->root,
	                   PKI_PROFILE_INTERMEDIATE, 0, e) == -1 ||
	    badssl_make_ca(r, &r->other_root, "HTTPS Demo badssl Untrusted Root CA", NULL,
	                   PKI_PROFILE_ROOT, 0, e) == -1 ||
	    badssl_make_ca(r, &r->other_inter, "HTTPS Demo badssl Untrusted Intermediate CA",
	                   &r->other_root, PKI_PROFILE_INTERMEDIATE, 0, e) == -1 ||
	    badssl_make_ca(r, &r->not_ca, "HTTPS Demo badssl Intermediate without CA:TRUE",
	                   &r->root, PKI_PROFILE_INTERMEDIATE, 1, e) == -1)
		return -1;
	return 0;
}

static struct badssl_ca *
badssl_issuer(struct badssl_run *r, enum badssl_issuer which)
{
	switch (which) {
	case BY_INTER:
		return &r->inter;
	case BY_UNTRUSTED:
		return &r->other_inter;
	case BY_NOT_CA:
		return &r->not_ca;
	case BY_SELF:
		break;
	}
	return NULL;
}

static int
badssl_queue(struct badssl_run *r, const char *name, X509 *leaf, X509 *inter, EVP_PKEY *key,
             struct err *e)
{
	char path[PATH_MAX], *pem = NULL, *kpem = NULL;
	size_t len = 0, klen = 0;
	int rc = -1;

	if (pki_cert_append_pem(leaf, &pem, &len, e) == -1 ||
	    (inter != NULL && pki_cert_append_pem(inter, &pem, &len, e) == -1) ||
	    pki_key_encode(key, r->pass, &kpem, &klen, e) == -1)
		goto done;
	snprintf(path, sizeof(path), "%s/%s/cert.pem", r->dir, name);
	if (pki_out_add(&r->out, path, pem, len, 0644, e) == -1)
		goto done;
	snprintf(path, sizeof(path), "%s/%s/key.pem", r->dir, name);
	rc = pki_out_add(&r->out, path, kpem, klen, 0600, e);
done:
	free(pem);
	secret_free(kpem, klen);
	return rc;
}

static void
badssl_note(struct badssl_run *r, const char *name, const char *text)
{
	int n = snprintf(r->readme + r->readme_len, sizeof(r->readme) - r->readme_len, "%-21s %s\n",
	                 name, text);

	if (n > 0 && r->readme_len + (size_t)n < sizeof(r->readme))
		r->readme_len += (size_t)n;
}

/* Makes one case; a SHA-1 signature OpenSSL refuses to make is left out with the reason. */
static int
badssl_case(struct badssl_run *r, const struct badssl_case *c, struct err *e)
{
	struct pki_key_spec ks = {c->rsa_bits ? PKI_KEY_RSA : PKI_KEY_EC_P256, c->rsa_bits};
	struct badssl_ca *issuer = badssl_issuer(r, c->issuer);
	struct pki_sans sans = {.n = 0};
	struct pki_cert_spec spec;
	X509_NAME *name = NULL;
	EVP_PKEY *key = NULL;
	X509 *leaf = NULL;
	int rc = -1;

	memset(&spec, 0, sizeof(spec));
	if (pki_sans_add(&sans, c->san1, e) == -1 ||
	    (c->san2 && pki_sans_add(&sans, c->san2, e) == -1))
		goto done;
	if ((key = pki_key_generate(&ks, c->rsa_bits, e)) == NULL ||
	    (name = pki_name_parse(strchr(sans.v[0], ':') + 1, e)) == NULL)
		goto done;
	spec.profile = c->profile;
	spec.subject = name;
	spec.key = key;
	spec.issuer = issuer ? issuer->cert : NULL;
	spec.issuer_key = issuer ? issuer->key : NULL;
	spec.sans = &sans;
	spec.not_before = c->when == PAST     ? r->now - 120 * DAY
	                  : c->when == FUTURE ? r->now + 30 * DAY
	                                      : r->now - PKI_BACKDATE_SECONDS;
	spec.not_after = c->when == PAST     ? r->now - 30 * DAY
	                 : c->when == FUTURE ? r->now + 120 * DAY
	                                     : r->now + 90 * DAY;
	spec.md = c->sha1 ? EVP_sha1() : NULL;
	spec.unsafe_skip_limits = 1;
	if ((leaf = pki_cert_make(&spec, e)) == NULL) {
		if (!c->sha1)
			goto done;
		/* OpenSSL builds without SHA-1 signing leave this case out. */
		fprintf(stderr, "https_pki: note: case sha1 left out: %s\n", e->msg);
		badssl_note(r, c->name, "left out: this OpenSSL refuses to make SHA-1 signatures");
		err_clear(e);
		rc = 0;
		goto done;
	}
	if (badssl_queue(r, c->name, leaf, c->leaf_only || !issuer ? NULL : issuer->cert, key, e) ==
	    -1)
		goto done;
	badssl_note(r, c->name, c->report);
	rc = 0;
done:
	if (rc == -1)
		err_prefix(e, "case %s", c->name);
	X509_free(leaf);
	X509_NAME_free(name);
	EVP_PKEY_free(key);
	pki_sans_free(&sans);
	return rc;
}

static int
badssl_build(struct badssl_run *r, struct err *e)
{
	char path[PATH_MAX], *pem = NULL;
	size_t len = 0, i;
	int rc = -1;

	r->readme_len = (size_t)snprintf(r->readme, sizeof(r->readme),
	                                 "Deliberately bad certificates made by https_pki badssl. "
	                                 "Trust ca.pem (and nothing\n"
	                                 "else); serve each folder's cert.pem and key.pem; a "
	                                 "correct client must refuse each\n"
	                                 "one and report:\n\n");
	if (badssl_make_cas(r, e) == -1)
		return -1;
	for (i = 0; i < BADSSL_NCASES; i++)
		if (badssl_case(r, &badssl_cases[i], e) == -1)
			return -1;
	snprintf(path, sizeof(path), "%s/ca.pem", r->dir);
	if (pki_cert_append_pem(r->root.cert, &pem, &len, e) == 0 &&
	    pki_out_add(&r->out, path, pem, len, 0644, e) == 0) {
		snprintf(path, sizeof(path), "%s/README.txt", r->dir);
		rc = pki_out_add(&r->out, path, r->readme, r->readme_len, 0644, e);
	}
	free(pem);
	return rc;
}

static void
badssl_free(struct badssl_run *r)
{
	struct badssl_ca *cas[] = {&r->root, &r->inter, &r->other_root, &r->other_inter,
	                           &r->not_ca};
	size_t i;

	for (i = 0; i < sizeof(cas) / sizeof(cas[0]); i++) {
		EVP_PKEY_free(cas[i]->key);
		X509_free(cas[i]->cert);
	}
	pki_out_free(&r->out);
}

/* The set's own files, checked before any key is made. */
static int
badssl_precheck(const char *dir, int force, struct err *e)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/ca.pem", dir);
	if (pki_out_precheck(path, force, e) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/README.txt", dir);
	return pki_out_precheck(path, force, e);
}

static int
badssl_run(const char *dir, const char *pass_src, int force, struct err *e)
{
	char pass[DEMO_PASSPHRASE_MAX + 1];
	struct badssl_run *r = calloc(1, sizeof(*r));
	int rc = -1;

	if (r == NULL)
		return err_set(e, "out of memory");
	r->dir = dir;
	r->now = time(NULL);
	r->out.force = force;
	if (badssl_precheck(dir, force, e) == -1 ||
	    pki_pass_new(pass_src ? pass_src : "prompt", "the bad-certificate keys", pass,
	                 sizeof(pass), e) == -1 ||
	    pki_random_hex(r->tag, sizeof(r->tag), 4, e) == -1)
		goto done;
	r->pass = pass;
	rc = badssl_build(r, e);
	/* Every key.pem is encoded: the passphrase is no longer needed. */
	secret_wipe(pass, sizeof(pass));
	r->pass = NULL;
	if (rc == -1 || pki_out_commit(&r->out, e) == -1) {
		rc = -1;
		goto done;
	}
	printf("https_pki: wrote %d files under %s; see %s/README.txt\n", r->out.n, dir, dir);
	rc = 0;
done:
	secret_wipe(pass, sizeof(pass));
	badssl_free(r);
	free(r);
	return rc;
}

int
pki_cmd_badssl(int argc, char **argv)
{
	const char *pass = NULL;
	int force = 0, help = 0, first;
	struct err e;

	err_clear(&e);
	const struct opt table[] = {
	        {"pass", 0, "SOURCE", "passphrase for every key.pem", OPT_STRING, &pass, 0, 0,
	         NULL},
	        {"force", 'f', NULL, "replace existing files", OPT_FLAG, &force, 0, 0, NULL},
	        {"help", 'h', NULL, "show this help", OPT_FLAG, &help, 0, 0, NULL},
	        {NULL, 0, NULL, NULL, OPT_FLAG, NULL, 0, 0, NULL},
	};

	first = pki_parse(table, argc, argv, &e);
	if (first != -1 && help) {
		pki_usage(
		        stdout, "badssl", "DIR --pass SOURCE [--force]",
		        "Makes one folder per bad case under DIR (cert.pem leaf first, key.pem),\n"
		        "DIR/ca.pem (the root to trust) and DIR/README.txt (what a correct client\n"
		        "must report for each case). For tests only.",
		        table);
		return PKI_EXIT_OK;
	}
	if (first != -1 && first + 1 != argc) {
		err_code(&e, PKI_EXIT_USAGE);
		first = err_set(&e, "badssl takes exactly one DIR");
	}
	return first == -1 || badssl_run(argv[first], pass, force, &e) == -1 ? pki_fail(&e)
	                                                                     : PKI_EXIT_OK;
}
