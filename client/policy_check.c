/* The client's bridge to the certificate policy: OpenSSL only (see policy_check.h). */
#include "policy_check.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "client.h"
#include "policy.h"
#include "report.h"
#include "revocation.h"

struct client_policy {
	X509_STORE *anchors;
	char files[POLICY_DETAIL_MAX]; /* what the anchors came from, for messages */
	STACK_OF(X509) * path;         /* the last path that passed */
	STACK_OF(X509_CRL) * crls;     /* --crlfile, or NULL */
};

/* client_policy_settings: one fetch per process, so one set of settings. */
static struct {
	int strict;
	struct client_report *rep;
} policy_settings;

void
client_policy_settings(int strict, struct client_report *rep)
{
	policy_settings.strict = strict;
	policy_settings.rep = rep;
}

/* Hands each warning of r to the report. */
static void
policy_report_warnings(const struct policy_result *r)
{
	struct client_warning w;
	int i;

	for (i = 0; policy_settings.rep != NULL && i < r->n; i++) {
		const struct policy_finding *f = &r->findings[i];
		if (f->severity != POLICY_WARNING)
			continue;
		memset(&w, 0, sizeof(w));
		snprintf(w.rule, sizeof(w.rule), "%s", f->rule);
		snprintf(w.ref, sizeof(w.ref), "%s", policy_rule_ref(f->rule));
		w.depth = f->depth;
		snprintf(w.subject, sizeof(w.subject), "%s", f->subject);
		snprintf(w.detail, sizeof(w.detail), "%s", f->detail);
		snprintf(w.fix, sizeof(w.fix), "%s", f->fix);
		client_report_warning(policy_settings.rep, &w);
	}
}

/* Every readable file of dir that holds certificates (others are skipped, as wolfSSL does). */
static void
policy_load_dir(X509_STORE *store, const char *dir)
{
	char path[4096];
	struct dirent *d;
	DIR *dp = opendir(dir);

	if (dp == NULL)
		return;
	while ((d = readdir(dp)) != NULL)
		if (d->d_name[0] != '.' &&
		    snprintf(path, sizeof(path), "%s/%s", dir, d->d_name) < (int)sizeof(path))
			X509_STORE_load_file(store, path);
	closedir(dp);
	ERR_clear_error();
}

int
client_policy_new(struct client_policy **out, const char *cafile, const char *capath, struct err *e)
{
	struct client_policy *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (p == NULL || (p->anchors = X509_STORE_new()) == NULL) {
		client_policy_free(p);
		return err_set(e, "out of memory");
	}
	if (cafile != NULL && X509_STORE_load_file(p->anchors, cafile) != 1) {
		ERR_clear_error();
		client_policy_free(p);
		err_set(e, "cannot read CA file '%s': no PEM certificate in it", cafile);
		err_fix(e, "point --cacert at the CA's certificate (PEM)");
		return err_code(e, DEMO_EXIT_FILE);
	}
	if (capath != NULL)
		policy_load_dir(p->anchors, capath);
	snprintf(p->files, sizeof(p->files), "%s%s%s", cafile ? cafile : "",
	         cafile && capath ? " or " : "", capath ? capath : "");
	*out = p;
	return 0;
}

int
client_policy_load_crls(struct client_policy *p, const char *path, struct err *e)
{
	char msg[600];

	sk_X509_CRL_pop_free(p->crls, X509_CRL_free);
	if ((p->crls = policy_crls_load(path, msg, sizeof(msg))) != NULL)
		return 0;
	err_set(e, "--crlfile: %s", msg);
	err_fix(e, "give the CRLs in PEM, as https_pki crl writes them (crl/all.crl.pem)");
	return err_code(e, DEMO_EXIT_FILE);
}

/* The verdict from r: the first finding in browser order, the others as ids. */
static void
policy_verdict(const struct policy_result *r, struct client_policy_verdict *v)
{
	const struct policy_finding *f = policy_first(r);
	char text[1024];
	size_t used = 0;
	int i;

	snprintf(v->anchor, sizeof(v->anchor), "%s", r->trusted ? r->anchor : "");
	snprintf(v->matched, sizeof(v->matched), "%s", r->matched);
	if (f == NULL)
		return;
	v->code = policy_exit_code(f->cls);
	v->depth = f->depth < 0 ? 0 : f->depth;
	err_set(&v->e, "%s", policy_finding_text(f, text, sizeof(text)));
	err_fix(&v->e, "%s", f->fix);
	err_code(&v->e, v->code);
	for (i = 0; i < r->n && used + 1 < sizeof(v->others); i++) {
		int n;
		if (&r->findings[i] == f || r->findings[i].severity != POLICY_ERROR)
			continue;
		n = snprintf(v->others + used, sizeof(v->others) - used, "%s%s@%d",
		             used ? ", " : "", r->findings[i].rule, r->findings[i].depth);
		used += n > 0 && (size_t)n < sizeof(v->others) - used
		                ? (size_t)n
		                : sizeof(v->others) - used - 1;
	}
}

enum client_policy_check
client_policy_check_of(int code)
{
	switch (code) {
	case DEMO_EXIT_EXPIRED:
	case DEMO_EXIT_NOT_YET:
		return CLIENT_POLICY_VALIDITY;
	case DEMO_EXIT_NAME:
		return CLIENT_POLICY_NAME;
	case DEMO_EXIT_ROLE:
		return CLIENT_POLICY_USAGE;
	case DEMO_EXIT_POLICY:
		return CLIENT_POLICY_FORMAT;
	default:
		return CLIENT_POLICY_TRUST;
	}
}

/*
 * Each check's first failure, in browser order (policy_first on the findings
 * of that check alone). Every rule ran when a path was built; else only the
 * trust check did.
 */
static void
policy_verdict_checks(const struct policy_result *r, struct client_policy_verdict *v)
{
	struct policy_result *one = calloc(1, sizeof(*one));
	const struct policy_finding *f;
	char text[1024];
	int c, i;

	for (c = 0; c < CLIENT_POLICY_CHECKS; c++)
		v->ran[c] = r->path != NULL || c == CLIENT_POLICY_TRUST;
	for (c = 0; one != NULL && c < CLIENT_POLICY_CHECKS; c++) {
		one->n = 0;
		for (i = 0; i < r->n; i++)
			if (client_policy_check_of(policy_exit_code(r->findings[i].cls)) ==
			    (enum client_policy_check)c)
				one->findings[one->n++] = r->findings[i];
		f = policy_first(one);
		if (f == NULL)
			continue;
		err_set(&v->failed[c], "%s", policy_finding_text(f, text, sizeof(text)));
		err_fix(&v->failed[c], "%s", f->fix);
		err_code(&v->failed[c], policy_exit_code(f->cls));
	}
	if (one == NULL && v->code != 0) /* out of memory: still fail the first one's check */
		v->failed[client_policy_check_of(v->code)] = v->e;
	free(one);
}

/* Decodes the chain: der[0] into *leaf, the rest onto sent. Returns 0, or -1 with v set. */
static int
policy_decode(const unsigned char *const *der, const size_t *len, int n, X509 **leaf,
              STACK_OF(X509) * sent, struct client_policy_verdict *v)
{
	int i;

	for (i = 0; i < n; i++) {
		const unsigned char *d = der[i];
		X509 *x = d2i_X509(NULL, &d, (long)len[i]);
		if (x == NULL || d != der[i] + len[i] || (i > 0 && !sk_X509_push(sent, x))) {
			X509_free(x);
			err_set(&v->e,
			        "policy check failed: the certificate at depth %d cannot be "
			        "decoded "
			        "(malformed DER) [rule format.der]",
			        i);
			err_fix(&v->e, "reissue the certificate with https_pki");
			v->code = DEMO_EXIT_POLICY;
			err_code(&v->e, v->code);
			v->depth = i;
			v->ran[CLIENT_POLICY_FORMAT] = 1;
			v->failed[CLIENT_POLICY_FORMAT] = v->e;
			return -1;
		}
		if (i == 0)
			*leaf = x;
	}
	return 0;
}

int
client_policy_check(struct client_policy *p, const unsigned char *const *der, const size_t *len,
                    int n, const char *host, struct client_policy_verdict *v)
{
	struct policy_request q;
	struct policy_result *r = calloc(1, sizeof(*r));
	STACK_OF(X509) *sent = sk_X509_new_null();
	X509 *leaf = NULL;
	int rc = -1;

	memset(v, 0, sizeof(*v));
	sk_X509_pop_free(p->path, X509_free);
	p->path = NULL;
	if (r == NULL || sent == NULL || n < 1) {
		err_set(&v->e, "issuer check failed: %s",
		        n < 1 ? "the server sent no certificate" : "out of memory");
		v->code = n < 1 ? DEMO_EXIT_NO_CERT : DEMO_EXIT_INTERNAL;
		err_code(&v->e, v->code);
		goto done;
	}
	if (policy_decode(der, len, n, &leaf, sent, v) == -1)
		goto done;
	memset(&q, 0, sizeof(q));
	q.leaf = leaf;
	q.sent = sent;
	q.anchors = p->anchors;
	q.host = host;
	q.purpose = POLICY_PURPOSE_SERVER;
	q.strict = policy_settings.strict;
	q.crls = p->crls;
	snprintf(r->anchor_file, sizeof(r->anchor_file), "%s", p->files);
	rc = policy_verify(&q, r);
	policy_verdict(r, v);
	policy_report_warnings(r);
	policy_verdict_checks(r, v);
	if (rc == 0) {
		p->path = r->path;
		r->path = NULL;
	}
done:
	ERR_clear_error();
	if (r != NULL)
		policy_result_free(r);
	free(r);
	X509_free(leaf);
	sk_X509_pop_free(sent, X509_free);
	return rc;
}

int
client_policy_on_path(const struct client_policy *p, const unsigned char *der, size_t len)
{
	int i;

	for (i = 0; p->path != NULL && i < sk_X509_num(p->path); i++) {
		unsigned char *mine = NULL;
		int n = i2d_X509(sk_X509_value(p->path, i), &mine);
		int same = n > 0 && (size_t)n == len && memcmp(mine, der, len) == 0;
		OPENSSL_free(mine);
		if (same)
			return 1;
	}
	return 0;
}

void
client_policy_free(struct client_policy *p)
{
	if (p == NULL)
		return;
	X509_STORE_free(p->anchors);
	sk_X509_CRL_pop_free(p->crls, X509_CRL_free);
	sk_X509_pop_free(p->path, X509_free);
	free(p);
}
