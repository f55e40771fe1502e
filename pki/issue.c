/*
 * https_pki issue: key + CSR + signature in one step. A new leaf signed by the
 * intermediate CA of a private_ca/ folder; --cert receives the leaf followed
 * by the intermediate (what a server sends), --key the encrypted key.
 */
#include "issue.h"

#include <string.h>
#include <time.h>

#include "ca.h"
#include "certfile.h"
#include "cli.h"
#include "defaults.h"
#include "err.h"
#include "keyfile.h"
#include "names.h"
#include "opts.h"
#include "output.h"
#include "pki.h"
#include "profile.h"
#include "revoke.h"
#include "secret.h"

/* A leaf to make, sign and queue for writing (pki_issue_leaf). */
struct pki_leaf_req {
	enum pki_profile profile;
	const char *subject; /* "CN=..,O=.." or "/CN=../O=.." */
	const struct pki_key_spec *key_spec;
	const struct pki_sans *sans;
	time_t not_before, not_after;
	const char *pass;     /* the new key's passphrase */
	int unsafe_clear_key; /* --no-passphrase: write the key in the clear (pass ignored) */
	const char *cert_path, *key_path;
	const char *crl_url; /* the CRL distribution point, or NULL */
};

struct issue_opts {
	const char *profile, *ca_dir, *ca_pass, *cn, *not_before, *not_after;
	const char *cert, *key, *pass, *key_type, *crl_url;
	struct pki_sans sans;
	long days;
	int force, no_pass, no_crl_url, self_signed;
};

static const char issue_synopsis[] =
        "--profile server|client (--ca-dir DIR [--ca-pass SOURCE] | --self-signed) --cn NAME\n"
        "       [--san TYPE:VALUE]...\n"
        "       (--days N | --not-before TIME --not-after TIME) --cert OUT --key OUT --pass "
        "SOURCE\n"
        "       [--key-type TYPE] [--no-passphrase] [--force]";
static const char issue_about[] =
        "Makes a key and a leaf certificate signed by the intermediate CA in DIR (the\n"
        "private_ca/ folder that init writes). TIME is YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC);\n"
        "past and future periods are allowed (for tests). Leaves are valid for at most 825 days.\n"
        "--self-signed makes the leaf sign itself instead: what an untrusted server shows, and\n"
        "what a client must refuse (https_client exits 13) unless told to trust that very file.";

/* Checks the options against each other, and fills in defaults. */
static int
issue_check(struct issue_opts *o, enum pki_profile *profile, struct pki_key_spec *ks, struct err *e)
{
	err_code(e, DEMO_EXIT_USAGE);
	if (o->cert == NULL || o->key == NULL) {
		err_set(e, "issue needs --cert OUT and --key OUT");
		return err_fix(e, "add --cert FILE.pem --key FILE.key (two new files)");
	}
	if (strcmp(o->cert, o->key) == 0) {
		err_set(e, "--cert and --key name the same file (%s)", o->cert);
		return err_fix(e, "give two files, e.g. --cert NAME.pem --key NAME.key");
	}
	if (o->ca_dir == NULL && !o->self_signed) {
		err_set(e, "issue needs --ca-dir DIR (the private_ca/ folder of init)");
		return err_fix(e,
		               "add --ca-dir DIR/private_ca (https_pki init --dir DIR makes one)");
	}
	if (o->self_signed && (o->ca_dir != NULL || o->ca_pass != NULL || o->crl_url != NULL)) {
		err_set(e, "--self-signed conflicts with --ca-dir, --ca-pass and --crl-url: a "
		           "self-signed leaf has no CA");
		return err_fix(e,
		               "give --self-signed alone, or --ca-dir DIR for a leaf a CA signs");
	}
	if (o->pass != NULL && o->no_pass) {
		err_set(e, "--pass and --no-passphrase conflict");
		return err_fix(e, "give one: --pass SOURCE, or --no-passphrase for a clear key");
	}
	if (pki_profile_parse(o->profile ? o->profile : "server", profile, e) == -1 ||
	    (*profile != PKI_PROFILE_SERVER && *profile != PKI_PROFILE_CLIENT)) {
		err_set(e, "issue makes server or client leaves, not '%s'", o->profile);
		return err_fix(
		        e, "use --profile server or --profile client (https_pki init makes CAs)");
	}
	if (pki_key_spec_parse(o->key_type ? o->key_type : "p256", ks, e) == -1)
		return -1;
	if (o->cn == NULL && o->sans.n > 0 && strncmp(o->sans.v[0], "DNS:", 4) == 0)
		o->cn = o->sans.v[0] + 4;
	if (o->cn == NULL)
		return err_set(e, "issue needs --cn NAME (or a DNS --san)");
	/* A server leaf without names is useless to browsers: default to its CN. */
	if (*profile == PKI_PROFILE_SERVER && o->sans.n == 0 &&
	    pki_sans_add(&o->sans, o->cn, e) == -1)
		return err_set(e, "--cn '%s' is not a host name; give the names with --san", o->cn);
	e->code = 0;
	return 0;
}

/* Reads the new key's passphrase, and the CA's (the same one when --ca-pass is absent). */
static int
issue_passes(const struct issue_opts *o, char *pass, char *ca_pass, size_t size, struct err *e)
{
	if (!o->no_pass && pki_pass_new(o->pass ? o->pass : "prompt", o->key, pass, size, e) == -1)
		return -1;
	if (o->ca_pass == NULL && !o->no_pass) {
		memcpy(ca_pass, pass, size);
		return 0;
	}
	return pki_pass_open(o->ca_pass ? o->ca_pass : "prompt", "the CA key", ca_pass, size, e) ==
	                       -1
	               ? -1
	               : 0;
}

/*
 * Makes a key and a leaf signed by ca (checked against the name constraints
 * of ca->chain), and queues cert_path (leaf + CA when the CA is not a root)
 * and key_path on out.
 */
static int
pki_issue_leaf(const struct pki_leaf_req *q, struct pki_ca *ca, struct pki_outset *out,
               struct err *e)
{
	struct pki_cert_spec spec;
	X509_NAME *name = NULL;
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	char *pem = NULL, *kpem = NULL;
	size_t len = 0, klen = 0;
	int rc = -1;

	memset(&spec, 0, sizeof(spec));
	if ((name = pki_name_parse(q->subject, e)) == NULL ||
	    (key = pki_key_generate(q->key_spec, 0, e)) == NULL)
		goto done;
	spec.profile = q->profile;
	spec.subject = name;
	spec.key = key;
	spec.issuer = ca->cert;
	spec.issuer_key = ca->key;
	spec.sans = q->sans;
	spec.not_before = q->not_before;
	spec.not_after = q->not_after;
	spec.pathlen = -1;
	spec.crl_url = q->crl_url;
	/* ca->cert NULL: self-signed (pki_cert_make signs with the leaf's own key) */
	if ((cert = pki_cert_make(&spec, e)) == NULL ||
	    (ca->cert != NULL && pki_names_check_constraints(cert, ca->chain, e) == -1))
		goto done;
	if (pki_cert_append_pem(cert, &pem, &len, e) == -1 ||
	    (ca->cert != NULL && !pki_cert_is_self_signed(ca->cert) &&
	     pki_cert_append_pem(ca->cert, &pem, &len, e) == -1))
		goto done;
	if ((q->unsafe_clear_key ? pki_key_encode_unsafe_clear(key, &kpem, &klen, e)
	                         : pki_key_encode(key, q->pass, &kpem, &klen, e)) == -1)
		goto done;
	if (pki_out_add(out, q->cert_path, pem, len, 0644, e) == -1 ||
	    pki_out_add(out, q->key_path, kpem, klen, 0600, e) == -1)
		goto done;
	rc = 0;
done:
	secret_free(kpem, klen);
	free(pem);
	X509_free(cert);
	EVP_PKEY_free(key);
	X509_NAME_free(name);
	return rc;
}

/* Adds the new leaf to the CA's issued.tsv, so revoke --serial knows it; a failure only warns. */
static void
issue_record(const struct issue_opts *o)
{
	struct err e;
	X509 *cert;

	err_clear(&e);
	if ((cert = pki_cert_load(o->cert, &e)) == NULL ||
	    pki_issued_record(o->ca_dir, cert, &e) == -1)
		fprintf(stderr,
		        "https_pki: warning: not recorded in %s/%s (%s); revoke it by --cert\n",
		        o->ca_dir, PKI_CA_DIR_ISSUED, e.msg);
	X509_free(cert);
}

static int
issue_run(struct issue_opts *o, struct err *e)
{
	char pass[DEMO_PASSPHRASE_MAX + 1], ca_pass[DEMO_PASSPHRASE_MAX + 1], subject[300];
	struct pki_outset out = {.n = 0};
	struct pki_ca ca = {NULL, NULL, NULL};
	struct pki_key_spec ks;
	struct pki_leaf_req q;
	int rc = -1;

	memset(&q, 0, sizeof(q));
	if (issue_check(o, &q.profile, &ks, e) == -1 ||
	    pki_validity_resolve(o->days, o->not_before, o->not_after, &q.not_before, &q.not_after,
	                         e) == -1 ||
	    pki_out_precheck(o->cert, o->force, e) == -1 ||
	    pki_out_precheck(o->key, o->force, e) == -1)
		return -1;
	if (o->self_signed) {
		if (!o->no_pass &&
		    pki_pass_new(o->pass ? o->pass : "prompt", o->key, pass, sizeof(pass), e) == -1)
			goto done;
	} else {
		if (issue_passes(o, pass, ca_pass, sizeof(pass), e) == -1)
			goto done;
		rc = pki_ca_load_dir(&ca, o->ca_dir, ca_pass, 0, e);
		secret_wipe(ca_pass, sizeof(ca_pass));
		if (rc == -1)
			goto done;
		rc = -1;
	}
	/* A bare CN in the "/" form, so commas in it are not read as separators. */
	snprintf(subject, sizeof(subject), "/CN=%s", o->cn);
	q.subject = strchr(o->cn, '=') ? o->cn : subject;
	q.key_spec = &ks;
	q.sans = &o->sans;
	q.pass = o->no_pass ? NULL : pass;
	q.unsafe_clear_key = o->no_pass;
	q.cert_path = o->cert;
	q.key_path = o->key;
	q.crl_url = o->no_crl_url || o->self_signed ? NULL
	            : o->crl_url                    ? o->crl_url
	                                            : DEMO_CRL_URL_BASE "intermediate.crl";
	out.force = o->force;
	rc = pki_issue_leaf(&q, &ca, &out, e);
	secret_wipe(pass, sizeof(pass));
	if (rc == -1 || (rc = pki_out_commit(&out, e)) == -1)
		goto done;
	if (o->no_pass)
		pki_warn_unencrypted(o->key);
	printf("https_pki: wrote %s (%s leaf for %s) and %s\n", o->cert,
	       pki_profile_name(q.profile), o->cn, o->key);
	if (o->self_signed)
		printf("https_pki: %s is self-signed: no CA vouches for it, so a client refuses it "
		       "(https_client exits 13) unless told to trust this very certificate "
		       "(--cacert %s)\n",
		       o->cert, o->cert);
	else
		issue_record(o);
	rc = 0;
done:
	secret_wipe(pass, sizeof(pass));
	secret_wipe(ca_pass, sizeof(ca_pass));
	pki_out_free(&out);
	pki_ca_free(&ca);
	return rc;
}

static int
issue_main(void *opts, int argc, char **argv, struct err *e)
{
	(void)argc, (void)argv;
	return issue_run(opts, e);
}

static void
issue_cleanup(void *opts)
{
	pki_sans_free(&((struct issue_opts *)opts)->sans);
}

static struct issue_opts issue_opts;

static const struct opt issue_options[] = {
        {"profile", 0, "NAME", "server (default) or client", OPT_STRING, &issue_opts.profile, 0, 0,
         NULL},
        PKI_OPT_CA_DIR(&issue_opts.ca_dir),
        {"ca-pass", 0, "SOURCE", "passphrase of the CA key (default: --pass)", OPT_STRING,
         &issue_opts.ca_pass, 0, 0, NULL},
        {"cn", 0, "NAME", "subject common name (or a full CN=..,O=.. subject)", OPT_STRING,
         &issue_opts.cn, 0, 0, NULL},
        PKI_OPT_SAN(&issue_opts.sans, "TYPE:VALUE", "DNS:name, IP:addr, email:addr (repeatable)"),
        {"days", 0, "N", "validity from now (default and at most 825)", OPT_INT, &issue_opts.days,
         1, DEMO_LEAF_DAYS_MAX, NULL},
        PKI_OPT_NOT_BEFORE(&issue_opts.not_before),
        PKI_OPT_NOT_AFTER(&issue_opts.not_after),
        {"cert", 0, "OUT", "certificate file to write (leaf + intermediate)", OPT_STRING,
         &issue_opts.cert, 0, 0, NULL},
        {"key", 0, "OUT", "key file to write (mode 0600)", OPT_STRING, &issue_opts.key, 0, 0, NULL},
        PKI_OPT_PASS(&issue_opts.pass, "passphrase for the new key"),
        {"key-type", 0, "TYPE", "p256 (default), p384, rsa2048, rsa3072, rsa4096, ed25519",
         OPT_STRING, &issue_opts.key_type, 0, 0, NULL},
        PKI_OPT_NO_PASS(&issue_opts.no_pass, "write the key unencrypted (unsafe)"),
        {"crl-url", 0, "URL",
         "CRL distribution point (default " DEMO_CRL_URL_BASE "intermediate.crl)", OPT_STRING,
         &issue_opts.crl_url, 0, 0, NULL},
        {"no-crl-url", 0, NULL, "no CRL distribution point", OPT_FLAG, &issue_opts.no_crl_url, 0, 0,
         NULL},
        {"self-signed", 0, NULL,
         "sign the leaf with its own key, no CA (a certificate clients must refuse)", OPT_FLAG,
         &issue_opts.self_signed, 0, 0, NULL},
        PKI_OPT_FORCE(&issue_opts.force, "replace existing files"),
        PKI_OPT_END,
};

const struct pki_cmd pki_issue_cmd = {
        .name = "issue",
        .summary = "key + CSR + signature in one step: a new leaf from a CA",
        .synopsis = issue_synopsis,
        .about = issue_about,
        .options = issue_options,
        .opts = &issue_opts,
        .run = issue_main,
        .cleanup = issue_cleanup,
};
