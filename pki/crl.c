/*
 * https_pki crl: the CA signs the list of what it revoked (revoke.c keeps
 * it), one CRL per issuing CA (RFC 5280 5): the intermediate's lists the
 * leaves, the root's lists the intermediate. A client wants both to check
 * a whole path (openssl verify -crl_check_all, https_client --crlfile).
 * Each CRL carries a crlNumber one above the last (kept in DIR/crlnumber),
 * the CA's key identifier, thisUpdate (now) and nextUpdate (the date by
 * which the CA promises a newer one; after it a client must not trust it).
 */
#include "crl.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "ca.h"
#include "certfile.h"
#include "cli.h"
#include "defaults.h"
#include "fileio.h"
#include "names.h"
#include "opts.h"
#include "output.h"
#include "pem.h"
#include "pki.h"
#include "revocation.h"
#include "revoke.h"
#include "secret.h"

static struct crl_opts {
	const char *ca_dir, *ca_pass, *out_dir, *this_update, *next_update;
	long days;
} crl_opts;

/* One CA: its role in the folder and its loaded certificate and key. */
struct crl_ca {
	const char *role, *cert_file, *key_file;
	struct pki_ca ca;
};

static int
crl_add_entry(X509_CRL *crl, const struct pki_revoked *r, struct err *e)
{
	X509_REVOKED *rev = X509_REVOKED_new();
	ASN1_INTEGER *serial = NULL;
	ASN1_TIME *when = ASN1_TIME_set(NULL, r->when);
	ASN1_ENUMERATED *reason = ASN1_ENUMERATED_new();
	BIGNUM *bn = NULL;
	int ok = 0;

	if (rev != NULL && when != NULL && reason != NULL && BN_hex2bn(&bn, r->serial) != 0 &&
	    (serial = BN_to_ASN1_INTEGER(bn, NULL)) != NULL &&
	    X509_REVOKED_set_serialNumber(rev, serial) &&
	    X509_REVOKED_set_revocationDate(rev, when) && ASN1_ENUMERATED_set(reason, r->reason) &&
	    /* RFC 5280 5.3.1: the reason code is absent rather than unspecified (0). */
	    (r->reason == 0 || X509_REVOKED_add1_ext_i2d(rev, NID_crl_reason, reason, 0, 0) == 1) &&
	    X509_CRL_add0_revoked(crl, rev)) {
		rev = NULL;
		ok = 1;
	}
	X509_REVOKED_free(rev);
	ASN1_INTEGER_free(serial);
	ASN1_TIME_free(when);
	ASN1_ENUMERATED_free(reason);
	BN_free(bn);
	return ok ? 0 : err_set(e, "cannot add serial %s to the CRL", r->serial);
}

static X509_CRL *
crl_make(struct crl_ca *c, const struct pki_revoked *list, int n, long number, time_t this_up,
         time_t next_up, struct err *e)
{
	X509_CRL *crl = X509_CRL_new();
	ASN1_TIME *t1 = ASN1_TIME_set(NULL, this_up), *t2 = ASN1_TIME_set(NULL, next_up);
	ASN1_INTEGER *num = ASN1_INTEGER_new();
	X509_EXTENSION *aki = NULL;
	const EVP_MD *md = EVP_PKEY_get_id(c->ca.key) == EVP_PKEY_ED25519 ? NULL : EVP_sha256();
	X509V3_CTX ctx;
	int i;

	if (crl == NULL || t1 == NULL || t2 == NULL || num == NULL ||
	    !X509_CRL_set_version(crl, X509_CRL_VERSION_2) ||
	    !X509_CRL_set_issuer_name(crl, X509_get_subject_name(c->ca.cert)) ||
	    !X509_CRL_set1_lastUpdate(crl, t1) || !X509_CRL_set1_nextUpdate(crl, t2) ||
	    !ASN1_INTEGER_set(num, number) ||
	    X509_CRL_add1_ext_i2d(crl, NID_crl_number, num, 0, 0) != 1)
		goto err;
	X509V3_set_ctx(&ctx, c->ca.cert, NULL, NULL, crl, 0);
	if ((aki = X509V3_EXT_conf_nid(NULL, &ctx, NID_authority_key_identifier, "keyid:always")) ==
	            NULL ||
	    !X509_CRL_add_ext(crl, aki, -1))
		goto err;
	for (i = 0; i < n; i++)
		if (strcmp(list[i].issuer, c->role) == 0 && crl_add_entry(crl, &list[i], e) == -1)
			goto fail;
	if (!X509_CRL_sort(crl) || X509_CRL_sign(crl, c->ca.key, md) <= 0)
		goto err;
	X509_EXTENSION_free(aki);
	ASN1_TIME_free(t1);
	ASN1_TIME_free(t2);
	ASN1_INTEGER_free(num);
	return crl;
err:
	err_set(e, "cannot build the %s CA's CRL", c->role);
	pki_err_openssl(e);
fail:
	X509_EXTENSION_free(aki);
	ASN1_TIME_free(t1);
	ASN1_TIME_free(t2);
	ASN1_INTEGER_free(num);
	X509_CRL_free(crl);
	return NULL;
}

/* Reads DIR/crlnumber (0 when missing) and returns the next number, or -1. */
static long
crl_next_number(const char *ca_dir, char *path, size_t size, struct err *e)
{
	char *text = NULL, *end;
	size_t len;
	long n = 0;

	snprintf(path, size, "%s/%s", ca_dir, PKI_CA_DIR_CRLNUMBER);
	if (file_exists(path)) {
		if (file_read_all(path, 64, &text, &len, e) == -1)
			return -1;
		n = strtol(text, &end, 10);
		if (end == text || n < 0 || n >= LONG_MAX - 1 || (*end != '\n' && *end != '\0')) {
			free(text);
			err_code(e, DEMO_EXIT_FILE);
			err_set(e, "%s does not hold a CRL number (a decimal integer)", path);
			return err_fix(
			        e, "write the last number the CA used into it, e.g. echo 1 > %s",
			        path);
		}
		free(text);
	}
	return n + 1;
}

/* Queues DIR/role.crl (DER) and DIR/role.crl.pem; appends the PEM to *all. */
static int
crl_queue(struct pki_outset *out, const char *dir, const char *role, X509_CRL *crl, char **all,
          size_t *all_len, struct err *e)
{
	char path[PATH_MAX], *pem = NULL, *grown;
	unsigned char *der = NULL;
	BIO *b = BIO_new(BIO_s_mem());
	long plen;
	int dlen = i2d_X509_CRL(crl, &der), rc = -1;

	if (b == NULL || dlen <= 0 || !PEM_write_bio_X509_CRL(b, crl) ||
	    (plen = BIO_get_mem_data(b, &pem)) <= 0) {
		err_set(e, "cannot encode the %s CA's CRL", role);
		goto done;
	}
	snprintf(path, sizeof(path), "%s/%s.crl", dir, role);
	if (pki_out_add(out, path, (const char *)der, (size_t)dlen, 0644, e) == -1)
		goto done;
	snprintf(path, sizeof(path), "%s/%s.crl.pem", dir, role);
	if (pki_out_add(out, path, pem, (size_t)plen, 0644, e) == -1)
		goto done;
	if ((grown = realloc(*all, *all_len + (size_t)plen)) == NULL) {
		err_set(e, "out of memory");
		goto done;
	}
	memcpy(grown + *all_len, pem, (size_t)plen);
	*all = grown;
	*all_len += (size_t)plen;
	rc = 0;
done:
	OPENSSL_free(der);
	BIO_free(b);
	return rc;
}

/* thisUpdate and nextUpdate from the options: now and now + days by default. */
static int
crl_dates(const struct crl_opts *o, time_t *t1, time_t *t2, struct err *e)
{
	*t1 = time(NULL);
	if (o->this_update != NULL && pki_time_parse(o->this_update, t1, e) == -1)
		return -1;
	*t2 = *t1 + (o->days ? o->days : DEMO_CRL_DAYS_DEFAULT) * 86400L;
	if (o->next_update != NULL && o->days != 0) {
		err_code(e, DEMO_EXIT_USAGE);
		return err_set(e, "--days conflicts with --next-update (give one or the other)");
	}
	if (o->next_update != NULL && pki_time_parse(o->next_update, t2, e) == -1)
		return -1;
	if (*t2 <= *t1) {
		err_code(e, DEMO_EXIT_USAGE);
		return err_set(e, "--next-update must be later than --this-update");
	}
	return 0;
}

static int
crl_run(const struct crl_opts *o, struct err *e)
{
	struct crl_ca cas[2] = {{"intermediate", PKI_CA_DIR_INTER_CERT, PKI_CA_DIR_INTER_KEY, {0}},
	                        {"root", PKI_CA_DIR_ROOT_CERT, PKI_CA_DIR_ROOT_KEY, {0}}};
	char pass[DEMO_PASSPHRASE_MAX + 1], cert[PATH_MAX], key[PATH_MAX], numfile[PATH_MAX],
	        numtext[32], t1s[40], t2s[40], path[PATH_MAX];
	const char *dir = o->out_dir ? o->out_dir : PKI_CRL_OUT_DIR;
	struct pki_outset out = {.n = 0};
	struct pki_revoked *list = NULL;
	X509_CRL *crl[2] = {NULL, NULL};
	char *all = NULL;
	size_t all_len = 0;
	time_t t1, t2;
	long number;
	int i, n = 0, counts[2] = {0, 0}, rc = -1;

	if (o->ca_dir == NULL) {
		err_code(e, DEMO_EXIT_USAGE);
		return err_set(e, "crl needs --ca-dir DIR (the CA folder, init's DIR/private_ca)");
	}
	if (crl_dates(o, &t1, &t2, e) == -1 ||
	    (number = crl_next_number(o->ca_dir, numfile, sizeof(numfile), e)) == -1 ||
	    pki_revoked_load(o->ca_dir, &list, &n, e) == -1)
		goto done;
	snprintf(cert, sizeof(cert), "%s/%s", o->ca_dir, PKI_CA_DIR_INTER_CERT);
	if (!file_exists(cert)) {
		err_code(e, DEMO_EXIT_FILE);
		err_set(e, "%s holds no CA (%s is missing)", o->ca_dir, cert);
		err_fix(e, "give the CA folder: --ca-dir DIR/private_ca (made by https_pki init "
		           "--dir DIR)");
		goto done;
	}
	if (pki_pass_open(o->ca_pass ? o->ca_pass : "prompt", "the CA keys", pass, sizeof(pass),
	                  e) == -1)
		goto done;
	for (i = 0; i < 2; i++) {
		snprintf(cert, sizeof(cert), "%s/%s", o->ca_dir, cas[i].cert_file);
		snprintf(key, sizeof(key), "%s/%s", o->ca_dir, cas[i].key_file);
		if (pki_ca_load_files(&cas[i].ca, cert, key, NULL, pass, 0, e) == -1)
			break;
	}
	secret_wipe(pass, sizeof(pass));
	if (i < 2)
		goto done;
	out.force = 1; /* a CRL replaces the last one: that is its point */
	for (i = 0; i < 2; i++) {
		if ((crl[i] = crl_make(&cas[i], list, n, number, t1, t2, e)) == NULL ||
		    crl_queue(&out, dir, cas[i].role, crl[i], &all, &all_len, e) == -1)
			goto done;
		/* No entries: the list is absent and counts -1. */
		counts[i] = sk_X509_REVOKED_num(X509_CRL_get_REVOKED(crl[i]));
		counts[i] = counts[i] < 0 ? 0 : counts[i];
	}
	snprintf(path, sizeof(path), "%s/all.crl.pem", dir);
	snprintf(numtext, sizeof(numtext), "%ld\n", number);
	if (pki_out_add(&out, path, all, all_len, 0644, e) == -1 ||
	    pki_out_add(&out, numfile, numtext, strlen(numtext), 0644, e) == -1 ||
	    pki_out_commit(&out, e) == -1)
		goto done;
	printf("https_pki: wrote CRL number %ld, valid from %s until %s (nextUpdate):\n"
	       "  %s/intermediate.crl (DER) and .crl.pem: %d revoked leaf certificate%s\n"
	       "  %s/root.crl (DER) and .crl.pem: %d revoked intermediate%s\n"
	       "  %s/all.crl.pem: both, for https_client --crlfile and https_pki verify --crl\n"
	       "Publish them before nextUpdate (https_server --crl-dir %s serves them over plain "
	       "HTTP); make new ones by then.\n",
	       number, pki_time_format(t1, t1s, sizeof(t1s)), pki_time_format(t2, t2s, sizeof(t2s)),
	       dir, counts[0], counts[0] == 1 ? "" : "s", dir, counts[1], counts[1] == 1 ? "" : "s",
	       dir, dir);
	rc = 0;
done:
	secret_wipe(pass, sizeof(pass));
	for (i = 0; i < 2; i++) {
		pki_ca_free(&cas[i].ca);
		X509_CRL_free(crl[i]);
	}
	free(all);
	free(list);
	pki_out_free(&out);
	return rc;
}

static STACK_OF(X509_CRL) * crl_load(const char *path, struct err *e)
{
	STACK_OF(X509_CRL) * sk;
	char msg[600];

	if ((sk = policy_crls_load(path, msg, sizeof(msg))) != NULL)
		return sk;
	err_code(e, DEMO_EXIT_FILE);
	err_set(e, "%s", msg);
	err_fix(e, "give a CRL in PEM or DER, as https_pki crl writes them");
	return NULL;
}

int
pki_crl_is(const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	X509_CRL *crl;

	if (pki_mem_find(buf, len, "-----BEGIN X509 CRL-----") != NULL)
		return 1;
	if ((crl = d2i_X509_CRL(NULL, &p, (long)len)) == NULL) {
		ERR_clear_error();
		return 0;
	}
	X509_CRL_free(crl);
	return 1;
}

static const char *
crl_time(const ASN1_TIME *t, char *buf, size_t size)
{
	time_t v;
	struct err e;

	err_clear(&e);
	if (t == NULL)
		return "(none)";
	if (pki_asn1_time_get(t, &v, &e) == -1)
		return "(unreadable)";
	return pki_time_format(v, buf, size);
}

/* One CRL, as text; *stale set when its nextUpdate has passed. */
static void
crl_print(FILE *f, X509_CRL *crl, int *stale)
{
	STACK_OF(X509_REVOKED) *revs = X509_CRL_get_REVOKED(crl);
	int nrev = sk_X509_REVOKED_num(revs) < 0 ? 0 : sk_X509_REVOKED_num(revs);
	ASN1_INTEGER *num = X509_CRL_get_ext_d2i(crl, NID_crl_number, NULL, NULL);
	const ASN1_TIME *next = X509_CRL_get0_nextUpdate(crl);
	char name[300], t[40], *hex;
	BIGNUM *bn;
	int i, reason;

	X509_NAME_oneline(X509_CRL_get_issuer(crl), name, sizeof(name));
	fprintf(f, "  kind:        CRL (certificate revocation list), version %ld\n",
	        X509_CRL_get_version(crl) + 1);
	fprintf(f, "  issuer:      %s\n", name);
	fprintf(f, "  number:      %ld\n", num != NULL ? ASN1_INTEGER_get(num) : -1L);
	fprintf(f, "  thisUpdate:  %s\n", crl_time(X509_CRL_get0_lastUpdate(crl), t, sizeof(t)));
	fprintf(f, "  nextUpdate:  %s", crl_time(next, t, sizeof(t)));
	if (next != NULL && X509_cmp_current_time(next) < 0) {
		fputs("  OUT OF DATE: a client must not rely on it\n", f);
		*stale = 1;
	} else
		fputs(next != NULL ? "  (current)\n" : "\n", f);
	fprintf(f, "  signature:   %s\n", OBJ_nid2ln(X509_CRL_get_signature_nid(crl)));
	fprintf(f, "  revoked:     %d certificate%s\n", nrev, nrev == 1 ? "" : "s");
	for (i = 0; i < nrev; i++) {
		X509_REVOKED *r = sk_X509_REVOKED_value(revs, i);
		bn = ASN1_INTEGER_to_BN(X509_REVOKED_get0_serialNumber(r), NULL);
		hex = bn != NULL ? BN_bn2hex(bn) : NULL;
		reason = policy_crl_entry_reason(r);
		fprintf(f, "    serial %s  revoked %s  reason %s\n", hex ? hex : "?",
		        crl_time(X509_REVOKED_get0_revocationDate(r), t, sizeof(t)),
		        reason >= 0 && policy_crl_reason_name(reason)
		                ? policy_crl_reason_name(reason)
		                : "(none given: unspecified)");
		OPENSSL_free(hex);
		BN_free(bn);
	}
	ASN1_INTEGER_free(num);
	ERR_clear_error();
}

int
pki_crl_inspect(FILE *f, const char *path, struct err *e)
{
	STACK_OF(X509_CRL) *sk = crl_load(path, e);
	int i, stale = 0;

	if (sk == NULL)
		return -1;
	for (i = 0; i < sk_X509_CRL_num(sk); i++) {
		fprintf(f, "%s%s", path, sk_X509_CRL_num(sk) > 1 ? "" : ":\n");
		if (sk_X509_CRL_num(sk) > 1)
			fprintf(f, " (CRL %d of %d):\n", i + 1, sk_X509_CRL_num(sk));
		crl_print(f, sk_X509_CRL_value(sk, i), &stale);
	}
	sk_X509_CRL_pop_free(sk, X509_CRL_free);
	if (!stale)
		return 0;
	err_code(e, DEMO_EXIT_CRL_STALE);
	err_set(e,
	        "%s is out of date: its nextUpdate has passed, so revocations made since may be "
	        "missing from it",
	        path);
	return err_fix(e, "have the CA sign a new one: https_pki crl --ca-dir DIR/private_ca");
}

static int
crl_main(void *opts, int argc, char **argv, struct err *e)
{
	(void)argc, (void)argv;
	return crl_run(opts, e);
}

static const struct opt crl_options[] = {
        {"ca-dir", 0, "DIR", "the CA folder (init's DIR/private_ca)", OPT_STRING, &crl_opts.ca_dir,
         0, 0, NULL},
        {"ca-pass", 0, "SOURCE", "passphrase of the CA keys (default: prompt)", OPT_STRING,
         &crl_opts.ca_pass, 0, 0, NULL},
        {"out-dir", 'o', "OUT", "folder for the CRL files (default ./crl)", OPT_STRING,
         &crl_opts.out_dir, 0, 0, NULL},
        {"days", 0, "N", "nextUpdate N days after thisUpdate (default 7)", OPT_INT, &crl_opts.days,
         1, 366, NULL},
        {"this-update", 0, "TIME", "thisUpdate (UTC; default now)", OPT_STRING,
         &crl_opts.this_update, 0, 0, NULL},
        {"next-update", 0, "TIME", "nextUpdate (UTC)", OPT_STRING, &crl_opts.next_update, 0, 0,
         NULL},
        PKI_OPT_END,
};

const struct pki_cmd pki_crl_cmd = {
        .name = "crl",
        .summary = "sign the CA's certificate revocation lists (CRLs)",
        .synopsis = "--ca-dir DIR [--ca-pass SOURCE] [--out-dir OUT] [--days N | "
                    "--next-update TIME] [--this-update TIME]",
        .about = "Signs the certificate revocation lists of the CA in DIR (init's\n"
                 "DIR/private_ca) from DIR/revoked.tsv (https_pki revoke writes it): the\n"
                 "intermediate's lists revoked leaves, the root's a revoked intermediate.\n"
                 "Writes OUT/intermediate.crl and OUT/root.crl (DER, what a distribution point\n"
                 "serves), each also as .crl.pem, and OUT/all.crl.pem (both, for https_client\n"
                 "--crlfile). OUT defaults to ./crl and its files are replaced. Each run takes\n"
                 "the next crlNumber (kept in DIR/crlnumber); thisUpdate is now, nextUpdate\n"
                 "7 days later unless --days or --next-update says otherwise.",
        .min_operands = 0,
        .max_operands = 0,
        .options = crl_options,
        .opts = &crl_opts,
        .run = crl_main,
};
