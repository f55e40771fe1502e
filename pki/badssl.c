/*
 * https_pki badssl DIR: a local badssl.com. One folder per case of
 * badssl_cases.c (cert.pem: what a server sends, leaf first; key.pem,
 * encrypted; ca.pem: the root a client trusts for it), DIR/manifest.tsv with
 * what every verifier must say, DIR/ca.pem (the set's main root),
 * DIR/roots.pem (every root a browser must trust for the whole set),
 * DIR/index/ (the chain `https_server --badssl` shows its index page with)
 * and DIR/README.txt. Layout and manifest columns: docs/badssl.md.
 */
#include "badssl.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "badssl_cases.h"
#include "badssl_x509.h"
#include "certfile.h"
#include "cli.h"
#include "defaults.h"
#include "err.h"
#include "keyfile.h"
#include "opts.h"
#include "output.h"
#include "profile.h"
#include "secret.h"

/* A growing text buffer (manifest, README, roots.pem). */
struct badssl_text {
	char *s;
	size_t len, cap;
};

struct badssl_run {
	const char *dir;
	const char *pass;
	time_t now;
	char tag[9];
	struct badssl_pair main_root, main_inter, wide_root, wide_inter, other_root, other_inter;
	struct pki_outset *outs; /* one per case, then one for the set's own files */
	struct badssl_text manifest, readme, roots;
	int force;
};

static int badssl_printf(struct badssl_text *t, struct err *e, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static int
badssl_printf(struct badssl_text *t, struct err *e, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			return err_set(e, "internal: cannot format text");
		if (t->s != NULL && t->len + (size_t)n < t->cap) {
			t->len += (size_t)n;
			return 0;
		}
		if ((p = realloc(t->s, t->cap + (size_t)n + 4096)) == NULL)
			return err_set(e, "out of memory");
		t->s = p;
		t->cap += (size_t)n + 4096;
	}
}

static int
badssl_append_pem(struct badssl_text *t, X509 *x, struct err *e)
{
	char *pem = NULL;
	size_t len = 0;
	int rc = pki_cert_append_pem(x, &pem, &len, e);

	if (rc == 0)
		rc = badssl_printf(t, e, "%.*s", (int)len, pem);
	free(pem);
	return rc;
}

/*
 * The shared CAs: the main root (name-constrained to localhost and loopback,
 * like the demo root), a "wide" root without constraints for the cases whose
 * names lie outside those, and a root nobody trusts; each with an intermediate.
 */
static int
badssl_make_cas(struct badssl_run *r, struct err *e)
{
	static const struct badssl_cert root_nc = {
	        .nc = "critical,permitted;DNS:localhost,permitted;IP:127.0.0.1/255.255.255.255,"
	              "permitted;IP:::1/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"};
	static const struct badssl_cert plain = {0};
	static const char *const what[] = {"Root CA",           "Intermediate CA",
	                                   "Wide Root CA",      "Wide Intermediate CA",
	                                   "Untrusted Root CA", "Untrusted Intermediate CA"};
	struct badssl_pair *pair[] = {&r->main_root,  &r->main_inter, &r->wide_root,
	                              &r->wide_inter, &r->other_root, &r->other_inter};
	char cn[96];
	int i;

	for (i = 0; i < 6; i++) {
		snprintf(cn, sizeof(cn), "badssl %s %s", what[i], r->tag);
		/* Even entries are roots, each followed by its intermediate. */
		if (badssl_build_cert(i == 0 ? &root_nc : &plain, i % 2 ? BADSSL_CA : BADSSL_ROOT,
		                      NULL, cn, i % 2 ? pair[i - 1] : NULL, r->now, pair[i],
		                      e) == -1)
			return -1;
	}
	if (badssl_append_pem(&r->roots, r->main_root.cert, e) == -1 ||
	    badssl_append_pem(&r->roots, r->wide_root.cert, e) == -1)
		return -1;
	return 0;
}

/* What one case is made of while it is built. */
struct badssl_chain {
	struct badssl_pair own_root, inter[BADSSL_MAX_INTER], leaf;
	const struct badssl_pair *root;   /* the anchor (NULL: self-signed) */
	const struct badssl_pair *shared; /* the anchor's shared intermediate, or NULL */
	int ninter;
	char host[256];
};

static void
badssl_chain_free(struct badssl_chain *ch)
{
	int i;

	badssl_pair_free(&ch->own_root);
	badssl_pair_free(&ch->leaf);
	for (i = 0; i < BADSSL_MAX_INTER; i++)
		badssl_pair_free(&ch->inter[i]);
}

/* Root and intermediates of case c. */
static int
badssl_chain_cas(struct badssl_run *r, const struct badssl_case *c, struct badssl_chain *ch,
                 struct err *e)
{
	static const struct badssl_cert plain = {0};
	const struct badssl_pair *issuer;
	char cn[128];
	int i;

	switch (c->anchor) {
	case BADSSL_ANCHOR_MAIN:
		ch->root = &r->main_root, ch->shared = &r->main_inter;
		break;
	case BADSSL_ANCHOR_WIDE:
		ch->root = &r->wide_root, ch->shared = &r->wide_inter;
		break;
	case BADSSL_ANCHOR_UNTRUSTED:
		ch->root = &r->other_root, ch->shared = &r->other_inter;
		break;
	case BADSSL_ANCHOR_SELF:
		return 0;
	case BADSSL_ANCHOR_OWN:
		snprintf(cn, sizeof(cn), "badssl %s Root CA %s", c->name, r->tag);
		if (badssl_build_cert(&c->root, BADSSL_ROOT, NULL, cn, NULL, r->now, &ch->own_root,
		                      e) == -1)
			return -1;
		ch->root = &ch->own_root;
		break;
	}
	ch->ninter = c->ninter;
	if (ch->ninter == 0 && c->anchor == BADSSL_ANCHOR_OWN)
		ch->ninter = 1; /* an own root gets its own intermediate */
	if (ch->ninter > 0)
		ch->shared = NULL;
	for (i = 0, issuer = ch->root; i < ch->ninter; issuer = &ch->inter[i++]) {
		snprintf(cn, sizeof(cn), "badssl %s Intermediate CA %d %s", c->name, i + 1, r->tag);
		if (badssl_build_cert(c->ninter ? &c->inter[i] : &plain, BADSSL_CA, NULL, cn,
		                      issuer, r->now, &ch->inter[i], e) == -1)
			return -1;
	}
	return 0;
}

static int
badssl_chain_make(struct badssl_run *r, const struct badssl_case *c, struct badssl_chain *ch,
                  struct err *e)
{
	const struct badssl_pair *issuer;

	if (c->host != NULL)
		snprintf(ch->host, sizeof(ch->host), "%s", c->host);
	else
		snprintf(ch->host, sizeof(ch->host), "%s.%s", c->name, BADSSL_DOMAIN);
	if (badssl_chain_cas(r, c, ch, e) == -1)
		return -1;
	issuer = ch->ninter > 0 ? &ch->inter[ch->ninter - 1] : ch->shared;
	return badssl_build_cert(&c->leaf, BADSSL_LEAF, ch->host, NULL, issuer, r->now, &ch->leaf,
	                         e);
}

/* The intermediates a server sends, bottom up (none for a self-signed leaf). */
static int
badssl_intermediates_pem(const struct badssl_chain *ch, struct badssl_text *t, struct err *e)
{
	int i;

	if (ch->shared != NULL)
		return badssl_append_pem(t, ch->shared->cert, e);
	for (i = ch->ninter - 1; i >= 0; i--)
		if (badssl_append_pem(t, ch->inter[i].cert, e) == -1)
			return -1;
	return 0;
}

static int
badssl_add(struct pki_outset *o, const char *dir, const char *name, const char *file,
           const struct badssl_text *t, mode_t mode, struct err *e)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s/%s", dir, name, file);
	return pki_out_add(o, path, t->s ? t->s : "", t->len, mode, e);
}

/* The root a client trusts for a case: its anchor, or the main root when nobody trusts it. */
static X509 *
badssl_trusted_root(const struct badssl_run *r, const struct badssl_case *c,
                    const struct badssl_chain *ch)
{
	if (c->anchor == BADSSL_ANCHOR_UNTRUSTED || ch->root == NULL)
		return r->main_root.cert;
	return ch->root->cert;
}

/* Queues the files of a case: the sent chain, the key, the root to trust. */
static int
badssl_case_files(struct badssl_run *r, const struct badssl_case *c, const struct badssl_chain *ch,
                  struct pki_outset *o, struct err *e)
{
	struct badssl_text leaf = {0}, inters = {0}, full = {0}, ca = {0}, key = {0};
	int certbot = c->layout == BADSSL_LAYOUT_CERTBOT, rc = -1;

	if (badssl_append_pem(&leaf, ch->leaf.cert, e) == -1 ||
	    badssl_intermediates_pem(ch, &inters, e) == -1 ||
	    badssl_printf(&full, e, "%s%s", leaf.s, inters.s ? inters.s : "") == -1 ||
	    badssl_append_pem(&ca, badssl_trusted_root(r, c, ch), e) == -1)
		goto done;
	/* certbot writes privkey.pem in the clear (mode 0600); the server reads it as such. */
	if ((certbot ? pki_key_encode_unsafe_clear(ch->leaf.key, &key.s, &key.len, e)
	             : pki_key_encode(ch->leaf.key, r->pass, &key.s, &key.len, e)) == -1)
		goto done;
	if (certbot) {
		if (badssl_add(o, r->dir, c->name, "cert.pem", &leaf, 0644, e) == -1 ||
		    badssl_add(o, r->dir, c->name, "chain.pem", &inters, 0644, e) == -1 ||
		    badssl_add(o, r->dir, c->name, "fullchain.pem", &full, 0644, e) == -1 ||
		    badssl_add(o, r->dir, c->name, "privkey.pem", &key, 0600, e) == -1)
			goto done;
	} else {
		if (badssl_add(o, r->dir, c->name, "cert.pem",
		               c->layout == BADSSL_LAYOUT_LEAF_ONLY ? &leaf : &full, 0644,
		               e) == -1 ||
		    badssl_add(o, r->dir, c->name, "key.pem", &key, 0600, e) == -1)
			goto done;
	}
	rc = badssl_add(o, r->dir, c->name, "ca.pem", &ca, 0644, e);
done:
	free(leaf.s);
	free(inters.s);
	free(full.s);
	free(ca.s);
	secret_free(key.s, key.len);
	return rc;
}

static int
badssl_case_note(struct badssl_run *r, const struct badssl_case *c, const char *host, struct err *e)
{
	int certbot = c->layout == BADSSL_LAYOUT_CERTBOT;
	char chromium[64], lenient[300] = "-";

	snprintf(chromium, sizeof(chromium), "%s%s", strcmp(c->chromium, "OK") ? "net::" : "",
	         c->chromium);
	if (c->lenient != NULL)
		snprintf(lenient, sizeof(lenient), "--strict exits %d: %s", c->strict_exit,
		         c->lenient);
	if (badssl_printf(&r->manifest, e, "%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", c->name,
	                  host, c->accept ? "accept" : "reject", c->rule, c->client_exit, chromium,
	                  c->lenient ? lenient : "-", certbot ? "fullchain.pem" : "cert.pem",
	                  certbot ? "privkey.pem" : "key.pem", c->note) == -1)
		return -1;
	return badssl_printf(&r->readme, e, "%-27s %s (https_client exit %d; Chromium %s): %s\n",
	                     c->name, c->accept ? "accept" : "reject", c->client_exit, chromium,
	                     c->note);
}

static int
badssl_case(struct badssl_run *r, const struct badssl_case *c, struct pki_outset *o, struct err *e)
{
	struct badssl_chain ch;
	int rc = -1;

	memset(&ch, 0, sizeof(ch));
	o->force = r->force;
	if (badssl_chain_make(r, c, &ch, e) == -1 || badssl_case_files(r, c, &ch, o, e) == -1 ||
	    badssl_case_note(r, c, ch.host, e) == -1)
		goto done;
	if (c->anchor == BADSSL_ANCHOR_OWN && badssl_append_pem(&r->roots, ch.root->cert, e) == -1)
		goto done;
	rc = 0;
done:
	if (rc == -1)
		err_prefix(e, "case %s", c->name);
	badssl_chain_free(&ch);
	return rc;
}

/* DIR/index: the chain `https_server --badssl` shows its index page with. */
static int
badssl_index(struct badssl_run *r, struct pki_outset *o, struct err *e)
{
	static const struct badssl_cert index = {.san = "DNS:" BADSSL_DOMAIN ",DNS:localhost"};
	struct badssl_text full = {0}, key = {0};
	struct badssl_pair leaf = {NULL, NULL};
	int rc = -1;

	if (badssl_build_cert(&index, BADSSL_LEAF, BADSSL_DOMAIN, NULL, &r->main_inter, r->now,
	                      &leaf, e) == -1 ||
	    badssl_append_pem(&full, leaf.cert, e) == -1 ||
	    badssl_append_pem(&full, r->main_inter.cert, e) == -1 ||
	    pki_key_encode(leaf.key, r->pass, &key.s, &key.len, e) == -1 ||
	    badssl_add(o, r->dir, "index", "cert.pem", &full, 0644, e) == -1 ||
	    badssl_add(o, r->dir, "index", "key.pem", &key, 0600, e) == -1)
		goto done;
	rc = 0;
done:
	free(full.s);
	secret_free(key.s, key.len);
	badssl_pair_free(&leaf);
	return rc;
}

static int
badssl_top_files(struct badssl_run *r, struct pki_outset *o, struct err *e)
{
	struct badssl_text ca = {0};
	char path[PATH_MAX];
	int rc = -1;

	if (badssl_append_pem(&ca, r->main_root.cert, e) == -1)
		goto done;
	snprintf(path, sizeof(path), "%s/ca.pem", r->dir);
	if (pki_out_add(o, path, ca.s, ca.len, 0644, e) == -1)
		goto done;
	snprintf(path, sizeof(path), "%s/roots.pem", r->dir);
	if (pki_out_add(o, path, r->roots.s, r->roots.len, 0644, e) == -1)
		goto done;
	snprintf(path, sizeof(path), "%s/manifest.tsv", r->dir);
	if (pki_out_add(o, path, r->manifest.s, r->manifest.len, 0644, e) == -1)
		goto done;
	snprintf(path, sizeof(path), "%s/README.txt", r->dir);
	rc = pki_out_add(o, path, r->readme.s, r->readme.len, 0644, e);
done:
	free(ca.s);
	return rc;
}

static int
badssl_build(struct badssl_run *r, struct err *e)
{
	struct pki_outset *top = &r->outs[badssl_ncases];
	size_t i;

	if (badssl_printf(&r->manifest, e,
	                  "# name\thost\texpect\trule\tclient_exit\tchromium\tlenient\tchain\tkey"
	                  "\tnote\n") == -1 ||
	    badssl_printf(&r->readme, e,
	                  "A local badssl.com made by https_pki badssl (see docs/badssl.md).\n"
	                  "Trust roots.pem; serve each folder's cert.pem and key.pem (certbot: "
	                  "fullchain.pem,\nprivkey.pem) or all at once with https_server --badssl "
	                  "DIR. manifest.tsv holds\nwhat every verifier must say:\n\n") == -1 ||
	    badssl_make_cas(r, e) == -1)
		return -1;
	for (i = 0; i < badssl_ncases; i++)
		if (badssl_case(r, &badssl_cases[i], &r->outs[i], e) == -1)
			return -1;
	top->force = r->force;
	if (badssl_index(r, top, e) == -1 || badssl_top_files(r, top, e) == -1)
		return -1;
	return 0;
}

static void
badssl_free(struct badssl_run *r)
{
	struct badssl_pair *cas[] = {&r->main_root,  &r->main_inter, &r->wide_root,
	                             &r->wide_inter, &r->other_root, &r->other_inter};
	size_t i;

	for (i = 0; i < sizeof(cas) / sizeof(cas[0]); i++)
		badssl_pair_free(cas[i]);
	for (i = 0; r->outs != NULL && i <= badssl_ncases; i++)
		pki_out_free(&r->outs[i]);
	free(r->outs);
	free(r->manifest.s);
	free(r->readme.s);
	free(r->roots.s);
}

/* The set's own files, checked before any key is made. */
static int
badssl_precheck(const char *dir, int force, struct err *e)
{
	static const char *const files[] = {"ca.pem", "manifest.tsv", "README.txt"};
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if (pki_out_precheck(path, force, e) == -1)
			return -1;
	}
	return 0;
}

/* Writes every case, then the set's own files (the manifest last: it says the set is whole). */
static int
badssl_commit(struct badssl_run *r, struct err *e)
{
	size_t i;
	int n = 0;

	for (i = 0; i <= badssl_ncases; i++) {
		if (pki_out_commit(&r->outs[i], e) == -1)
			return -1;
		n += r->outs[i].n;
	}
	printf("https_pki: wrote %zu cases (%d files) under %s; see %s/manifest.tsv\n",
	       badssl_ncases, n, r->dir, r->dir);
	return 0;
}

static int
badssl_run(const char *dir, const char *pass_src, int force, struct err *e)
{
	char pass[DEMO_PASSPHRASE_MAX + 1];
	struct badssl_run *r = calloc(1, sizeof(*r));
	int rc = -1;

	if (r == NULL || (r->outs = calloc(badssl_ncases + 1, sizeof(*r->outs))) == NULL) {
		free(r);
		return err_set(e, "out of memory");
	}
	r->dir = dir;
	r->now = time(NULL);
	r->force = force;
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
	if (rc == 0)
		rc = badssl_commit(r, e);
done:
	secret_wipe(pass, sizeof(pass));
	badssl_free(r);
	free(r);
	return rc;
}

static struct badssl_opts {
	const char *pass;
	int force;
} badssl_opts;

static int
badssl_main(void *opts, int argc, char **argv, struct err *e)
{
	const struct badssl_opts *o = opts;

	(void)argc;
	return badssl_run(argv[0], o->pass, o->force, e);
}

static const struct opt badssl_options[] = {
        PKI_OPT_PASS(&badssl_opts.pass, "passphrase for every key.pem"),
        PKI_OPT_FORCE(&badssl_opts.force, "replace existing files"),
        PKI_OPT_END,
};

const struct pki_cmd pki_badssl_cmd = {
        .name = "badssl",
        .summary = "make a set of deliberately bad certificates for tests",
        .synopsis = "DIR --pass SOURCE [--force]",
        .about = "Makes a local badssl.com under DIR: one folder per case (cert.pem leaf\n"
                 "first, key.pem, ca.pem: the root to trust), DIR/manifest.tsv (what\n"
                 "https_client, https_pki verify and Chromium must say about each case),\n"
                 "DIR/roots.pem (every root to trust), DIR/index/ and DIR/README.txt.\n"
                 "Serve it with https_server --badssl DIR. For tests and teaching only.",
        .min_operands = 1,
        .max_operands = 1,
        .operands = "badssl takes exactly one DIR",
        .options = badssl_options,
        .opts = &badssl_opts,
        .run = badssl_main,
};
