/*
 * https_pki sign: a CA signs a CSR. The CSR's own signature is checked first
 * (proof that the requester holds the key); the subject and SANs come from the
 * CSR, everything else from the profile. Names outside the CA's name
 * constraints are refused before anything is written.
 */
#include "sign.h"

#include <string.h>

#include <openssl/x509v3.h>

#include "ca.h"
#include "certfile.h"
#include "cli.h"
#include "defaults.h"
#include "err.h"
#include "names.h"
#include "opts.h"
#include "output.h"
#include "pki.h"
#include "profile.h"
#include "secret.h"

struct sign_opts {
	const char *ca_dir, *ca_cert, *ca_key, *ca_pass, *profile, *out;
	const char *not_before, *not_after;
	struct pki_sans sans;
	long days;
	int force;
};

static const char sign_synopsis[] =
        "CSR --out FILE (--ca-dir DIR | --ca-cert FILE --ca-key FILE) [--ca-pass SOURCE]\n"
        "       [--profile server|client|intermediate] [--days N | --not-before TIME "
        "--not-after TIME]\n"
        "       [--san TYPE:VALUE]... [--force]";
static const char sign_about[] =
        "Checks the CSR's signature, then issues a certificate for its subject and names under\n"
        "the profile (server by default), with a random 128-bit serial and AKI/SKI. --san adds\n"
        "names to those of the CSR. --out receives the certificate, then the CA's if it is not a\n"
        "root.";

/* Copies the SANs the CSR asks for into sans. */
int
pki_csr_sans(X509_REQ *req, struct pki_sans *sans, struct err *e)
{
	STACK_OF(X509_EXTENSION) *exts = X509_REQ_get_extensions(req);
	GENERAL_NAMES *gns = NULL;
	char text[300];
	int i, rc = 0;

	i = X509v3_get_ext_by_NID(exts, NID_subject_alt_name, -1);
	if (i >= 0)
		gns = X509V3_EXT_d2i(X509v3_get_ext(exts, i));
	for (i = 0; gns != NULL && i < sk_GENERAL_NAME_num(gns) && rc == 0; i++) {
		pki_general_name_text(sk_GENERAL_NAME_value(gns, i), text, sizeof(text));
		rc = pki_sans_add(sans, text, e);
		if (rc == -1) {
			err_code(e, DEMO_EXIT_FILE);
			err_prefix(e, "the CSR asks for an unsupported name");
		}
	}
	GENERAL_NAMES_free(gns);
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	return rc;
}

static int
sign_check(struct sign_opts *o, enum pki_profile *p, struct err *e)
{
	err_code(e, DEMO_EXIT_USAGE);
	if (o->out == NULL) {
		err_set(e, "sign needs --out FILE");
		return err_fix(e, "add --out FILE.pem (the certificate to write)");
	}
	if ((o->ca_dir != NULL) == (o->ca_cert != NULL || o->ca_key != NULL) ||
	    (o->ca_dir == NULL && (o->ca_cert == NULL || o->ca_key == NULL))) {
		err_set(e, "sign needs --ca-dir DIR, or both --ca-cert and --ca-key");
		return err_fix(e, "add --ca-dir DIR/private_ca (from https_pki init), or --ca-cert "
		                  "FILE --ca-key FILE");
	}
	if (pki_profile_parse(o->profile ? o->profile : "server", p, e) == -1 ||
	    *p == PKI_PROFILE_ROOT) {
		err_set(e, "sign makes server, client or intermediate certificates, not '%s'",
		        o->profile);
		return err_fix(e, "use --profile server, client or intermediate (a root signs "
		                  "itself: https_pki init)");
	}
	if (*p == PKI_PROFILE_INTERMEDIATE && o->days == 0 && !o->not_before && !o->not_after)
		o->days = DEMO_CA_DAYS_DEFAULT;
	e->code = 0;
	return 0;
}

/* Browsers read only SANs: a server CSR without any gets its CN as a DNS name. */
static int
sign_cn_as_san(X509_REQ *req, struct pki_sans *sans, struct err *e)
{
	X509_NAME *name = X509_REQ_get_subject_name(req);
	int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
	unsigned char *cn = NULL;
	int rc = 0;

	if (i < 0 ||
	    ASN1_STRING_to_UTF8(&cn, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i))) < 0)
		return 0;
	if (pki_sans_add(sans, (const char *)cn, e) == -1) {
		err_code(e, DEMO_EXIT_USAGE);
		err_set(e, "the CSR has no SAN and its CN is not a host name");
		rc = err_fix(e, "give the names with --san DNS:name or --san IP:addr");
	}
	OPENSSL_free(cn);
	return rc;
}

static int
sign_make(const struct sign_opts *o, enum pki_profile profile, X509_REQ *req, struct pki_ca *ca,
          struct pki_outset *out, struct err *e)
{
	struct pki_cert_spec spec;
	struct pki_sans sans = {.n = 0};
	X509 *cert = NULL;
	char *pem = NULL;
	size_t len = 0;
	int i, rc = -1;

	memset(&spec, 0, sizeof(spec));
	if (pki_csr_sans(req, &sans, e) == -1)
		goto done;
	for (i = 0; i < o->sans.n; i++)
		if (pki_sans_add(&sans, o->sans.v[i], e) == -1)
			goto done;
	if (profile == PKI_PROFILE_SERVER && sans.n == 0 && sign_cn_as_san(req, &sans, e) == -1)
		goto done;
	spec.profile = profile;
	spec.subject = X509_REQ_get_subject_name(req);
	spec.key = X509_REQ_get0_pubkey(req);
	spec.issuer = ca->cert;
	spec.issuer_key = ca->key;
	spec.sans = &sans;
	spec.pathlen = 0;
	if (pki_validity_resolve(o->days, o->not_before, o->not_after, &spec.not_before,
	                         &spec.not_after, e) == -1 ||
	    (cert = pki_cert_make(&spec, e)) == NULL ||
	    pki_names_check_constraints(cert, ca->chain, e) == -1)
		goto done;
	if (pki_cert_append_pem(cert, &pem, &len, e) == -1 ||
	    (!pki_cert_is_self_signed(ca->cert) &&
	     pki_cert_append_pem(ca->cert, &pem, &len, e) == -1))
		goto done;
	rc = pki_out_add(out, o->out, pem, len, 0644, e);
done:
	free(pem);
	X509_free(cert);
	pki_sans_free(&sans);
	return rc;
}

static int
sign_run(struct sign_opts *o, const char *csr, struct err *e, enum pki_profile profile)
{
	char pass[DEMO_PASSPHRASE_MAX + 1];
	struct pki_ca ca = {NULL, NULL, NULL};
	struct pki_outset out = {.n = 0};
	X509_REQ *req = NULL;
	int rc = -1;

	out.force = o->force;
	if ((req = pki_csr_load(csr, e)) == NULL ||
	    pki_pass_open(o->ca_pass ? o->ca_pass : "prompt", "the CA key", pass, sizeof(pass),
	                  e) == -1)
		goto done;
	if (o->ca_dir)
		rc = pki_ca_load_dir(&ca, o->ca_dir, pass, profile == PKI_PROFILE_INTERMEDIATE, e);
	else
		rc = pki_ca_load_files(&ca, o->ca_cert, o->ca_key, NULL, pass,
		                       profile == PKI_PROFILE_INTERMEDIATE, e);
	secret_wipe(pass, sizeof(pass));
	if (rc == -1 || (rc = sign_make(o, profile, req, &ca, &out, e)) == -1 ||
	    (rc = pki_out_commit(&out, e)) == -1)
		goto done;
	printf("https_pki: wrote %s (%s certificate for the CSR %s)\n", o->out,
	       pki_profile_name(profile), csr);
done:
	secret_wipe(pass, sizeof(pass));
	pki_out_free(&out);
	pki_ca_free(&ca);
	X509_REQ_free(req);
	return rc;
}

static int
sign_main(void *opts, int argc, char **argv, struct err *e)
{
	enum pki_profile profile;

	(void)argc;
	if (sign_check(opts, &profile, e) == -1)
		return -1;
	return sign_run(opts, argv[0], e, profile);
}

static void
sign_cleanup(void *opts)
{
	pki_sans_free(&((struct sign_opts *)opts)->sans);
}

static struct sign_opts sign_opts;

static const struct opt sign_options[] = {
        PKI_OPT_OUT(&sign_opts.out, "certificate file to write"),
        PKI_OPT_CA_DIR(&sign_opts.ca_dir),
        {"ca-cert", 0, "FILE", "the CA certificate (instead of --ca-dir)", OPT_STRING,
         &sign_opts.ca_cert, 0, 0, NULL},
        {"ca-key", 0, "FILE", "the CA key (instead of --ca-dir)", OPT_STRING, &sign_opts.ca_key, 0,
         0, NULL},
        {"ca-pass", 0, "SOURCE", "passphrase of the CA key", OPT_STRING, &sign_opts.ca_pass, 0, 0,
         NULL},
        {"profile", 0, "NAME", "server (default), client or intermediate", OPT_STRING,
         &sign_opts.profile, 0, 0, NULL},
        {"days", 0, "N", "validity from now (leaves: default and at most 825)", OPT_INT,
         &sign_opts.days, 1, 36500, NULL},
        PKI_OPT_NOT_BEFORE(&sign_opts.not_before),
        PKI_OPT_NOT_AFTER(&sign_opts.not_after),
        PKI_OPT_SAN(&sign_opts.sans, "TYPE:VALUE", "a name to add to the CSR's (repeatable)"),
        PKI_OPT_FORCE(&sign_opts.force, "replace an existing file"),
        PKI_OPT_END,
};

const struct pki_cmd pki_sign_cmd = {
        .name = "sign",
        .summary = "sign a CSR with a CA, under a profile",
        .synopsis = sign_synopsis,
        .about = sign_about,
        .min_operands = 1,
        .max_operands = 1,
        .operands = "sign takes exactly one CSR file",
        .options = sign_options,
        .opts = &sign_opts,
        .run = sign_main,
        .cleanup = sign_cleanup,
};
