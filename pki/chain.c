/*
 * https_pki chain: writes a full chain, the file a server sends: the leaf,
 * then each issuer in order. certbot names this file fullchain.pem (its
 * cert.pem is the leaf alone, chain.pem the issuers alone), and so does the
 * default --out here. Certificates are taken from the inputs in any
 * order; the issuer of each is found by name and key identifier.
 */
#include "chain.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "certfile.h"
#include "cli.h"
#include "err.h"
#include "opts.h"
#include "output.h"

static struct chain_opts {
	const char *out;
	int force;
} chain_opts = {.out = "fullchain.pem"};

static void
chain_cn(X509 *x, char *buf, size_t size)
{
	if (X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, buf, (int)size) < 0)
		X509_NAME_oneline(X509_get_subject_name(x), buf, (int)size);
}

/* Moves the issuer of cur from pool to the end of out; returns it, or NULL. */
static X509 *
chain_next(X509 *cur, STACK_OF(X509) * pool, STACK_OF(X509) * out)
{
	X509 *c;
	int i;

	if (pki_cert_is_self_signed(cur))
		return NULL;
	for (i = 0; i < sk_X509_num(pool); i++) {
		c = sk_X509_value(pool, i);
		if (X509_check_issued(c, cur) == X509_V_OK) {
			sk_X509_delete(pool, i);
			sk_X509_push(out, c);
			return c;
		}
	}
	return NULL;
}

int
pki_chain_order(STACK_OF(X509) * pool, STACK_OF(X509) * out, int *has_root)
{
	X509 *cur;
	int i;

	/* The leaf is the first certificate that is not a CA (or the first one). */
	for (i = 0; i < sk_X509_num(pool); i++)
		if (X509_check_ca(sk_X509_value(pool, i)) == 0)
			break;
	cur = sk_X509_delete(pool, i < sk_X509_num(pool) ? i : 0);

	*has_root = 0;
	if (cur == NULL || !sk_X509_push(out, cur))
		return -1;
	while ((cur = chain_next(cur, pool, out)) != NULL)
		if (pki_cert_is_self_signed(cur))
			*has_root = 1;
	ERR_clear_error();
	return 0;
}

static int
chain_run(void *opts, int argc, char **argv, struct err *e)
{
	const struct chain_opts *o = opts;
	STACK_OF(X509) *pool = sk_X509_new_null(), *out = sk_X509_new_null(), *sk;
	struct pki_outset files = {.n = 0};
	char *pem = NULL, cn[200];
	size_t len = 0;
	int i, has_root = 0, rc = -1;

	files.force = o->force;
	for (i = 0; i < argc && pool != NULL; i++) {
		if ((sk = pki_certs_load(argv[i], e)) == NULL)
			goto done;
		while (sk_X509_num(sk) > 0)
			sk_X509_push(pool, sk_X509_shift(sk));
		sk_X509_free(sk);
	}
	if (pool == NULL || out == NULL || pki_chain_order(pool, out, &has_root) == -1) {
		err_set(e, "out of memory");
		goto done;
	}
	for (i = 0; i < sk_X509_num(out); i++)
		if (pki_cert_append_pem(sk_X509_value(out, i), &pem, &len, e) == -1)
			goto done;
	if (pki_out_add(&files, o->out, pem, len, 0644, e) == -1 || pki_out_commit(&files, e) == -1)
		goto done;
	for (i = 0; i < sk_X509_num(pool); i++) {
		chain_cn(sk_X509_value(pool, i), cn, sizeof(cn));
		fprintf(stderr, "https_pki: note: '%s' is not an issuer in this chain; left out\n",
		        cn);
	}
	if (has_root)
		fputs("WARNING: the chain includes the root. Servers should not send it: a client "
		      "must already have the root, and sending it only costs bytes.\n",
		      stderr);
	if (!has_root && sk_X509_num(out) == 1)
		fputs("WARNING: no issuer of the leaf was found; the file holds the leaf alone.\n",
		      stderr);
	printf("https_pki: wrote %s (%d certificates, leaf first: the full chain, what certbot "
	       "names "
	       "fullchain.pem)\n",
	       o->out, sk_X509_num(out));
	rc = 0;
done:
	free(pem);
	pki_out_free(&files);
	sk_X509_pop_free(pool, X509_free);
	sk_X509_pop_free(out, X509_free);
	return rc;
}

static const struct opt chain_options[] = {
        PKI_OPT_OUT(&chain_opts.out, "full-chain file to write (default fullchain.pem)"),
        PKI_OPT_FORCE(&chain_opts.force, "replace an existing file"),
        PKI_OPT_END,
};

const struct pki_cmd pki_chain_cmd = {
        .name = "chain",
        .summary = "write a full chain (leaf, then intermediates)",
        .synopsis = "LEAF [CA-CERT...] [--out FILE] [--force]",
        .about = "Writes the leaf (the first certificate of LEAF) followed by its issuers in\n"
                 "order, found among all the certificates given: the full chain a server sends,\n"
                 "the file certbot names fullchain.pem (from its cert.pem and chain.pem:\n"
                 "  https_pki chain cert.pem chain.pem --out fullchain.pem). Warns when the root\n"
                 "is among them (a server need not send it).",
        .min_operands = 1,
        .max_operands = -1,
        .operands = "chain needs a LEAF file (and its issuers' certificates)",
        .options = chain_options,
        .opts = &chain_opts,
        .run = chain_run,
};
