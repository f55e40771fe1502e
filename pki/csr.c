/*
 * https_pki csr: a certificate signing request (PKCS#10, RFC 2986) carrying a
 * subject and SANs, signed with an existing key (--key) or a new one (--new-key).
 */
#include "csr.h"

#include <string.h>

#include <openssl/x509v3.h>

#include "certfile.h"
#include "cli.h"
#include "defaults.h"
#include "err.h"
#include "keyfile.h"
#include "names.h"
#include "opts.h"
#include "output.h"
#include "pem.h"
#include "pki.h"
#include "profile.h"
#include "secret.h"

static struct csr_opts {
	const char *key, *new_key, *type, *pass, *subject, *cn, *out;
	struct pki_sans sans;
	int no_pass, force;
} csr_opts;

static const char csr_synopsis[] =
        "(--key FILE | --new-key FILE [--type TYPE]) [--pass SOURCE | --no-passphrase]\n"
        "       (--cn NAME | --subject CN=..,O=..) [--san TYPE:VALUE]... --out FILE [--force]";
static const char csr_about[] =
        "Makes a certificate signing request: the subject and names a CA is asked to certify,\n"
        "signed with the key to prove its owner holds it. --new-key also makes that key.";

/* Makes and signs a CSR for subject and sans (may be NULL). */
static X509_REQ *
pki_csr_make(EVP_PKEY *key, X509_NAME *subject, const struct pki_sans *sans, struct err *e)
{
	STACK_OF(X509_EXTENSION) *exts = NULL;
	X509_EXTENSION *ext = NULL;
	GENERAL_NAMES *gns = NULL;
	X509_REQ *req = NULL;
	const EVP_MD *md = EVP_PKEY_get_id(key) == EVP_PKEY_ED25519 ? NULL : EVP_sha256();

	if ((req = X509_REQ_new()) == NULL || !X509_REQ_set_version(req, X509_REQ_VERSION_1) ||
	    !X509_REQ_set_subject_name(req, subject) || !X509_REQ_set_pubkey(req, key))
		goto err;
	if (sans != NULL && sans->n > 0) {
		if ((gns = pki_sans_to_general_names(sans, e)) == NULL)
			goto done;
		if ((ext = X509V3_EXT_i2d(NID_subject_alt_name, 0, gns)) == NULL ||
		    (exts = sk_X509_EXTENSION_new_null()) == NULL ||
		    !sk_X509_EXTENSION_push(exts, ext))
			goto err;
		ext = NULL;
		if (!X509_REQ_add_extensions(req, exts))
			goto err;
	}
	if (X509_REQ_sign(req, key, md) <= 0)
		goto err;
	goto done;
err:
	err_set(e, "cannot build the CSR");
	pki_err_openssl(e);
	X509_REQ_free(req);
	req = NULL;
done:
	X509_EXTENSION_free(ext);
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	GENERAL_NAMES_free(gns);
	return req;
}

static int
csr_check(const struct csr_opts *o, struct err *e)
{
	err_code(e, DEMO_EXIT_USAGE);
	if (o->out == NULL) {
		err_set(e, "csr needs --out FILE");
		return err_fix(e, "add --out FILE.csr (the request to write)");
	}
	if ((o->key == NULL) == (o->new_key == NULL)) {
		err_set(e, "csr needs exactly one of --key FILE and --new-key FILE");
		return err_fix(e,
		               "--key FILE to use a key you have, or --new-key FILE to make one");
	}
	if (o->new_key != NULL && strcmp(o->new_key, o->out) == 0) {
		err_set(e, "--new-key and --out name the same file (%s)", o->out);
		return err_fix(e, "give two files, e.g. --new-key NAME.key --out NAME.csr");
	}
	if ((o->cn == NULL) == (o->subject == NULL)) {
		err_set(e, "csr needs exactly one of --cn NAME and --subject CN=..,O=..");
		return err_fix(e, "give one: --cn NAME, or --subject 'CN=NAME,O=ORG'");
	}
	if (o->no_pass && (o->key != NULL || o->pass != NULL)) {
		err_set(e, "--no-passphrase only goes with --new-key, without --pass");
		return err_fix(e, "drop --no-passphrase, or use it with --new-key and no --pass");
	}
	e->code = 0;
	return 0;
}

/* Loads --key, or generates --new-key and queues it on out. */
static EVP_PKEY *
csr_key(const struct csr_opts *o, struct pki_outset *out, struct err *e)
{
	char pass[DEMO_PASSPHRASE_MAX + 1], *pem = NULL;
	struct pki_key_spec ks;
	EVP_PKEY *key = NULL;
	size_t len = 0;

	if (o->key != NULL) {
		int enc = 1;
		char *buf = NULL;
		size_t blen = 0;

		if (pki_file_read(o->key, &buf, &blen, e) == 0)
			enc = pki_key_is_encrypted(buf, blen);
		secret_free(buf, blen);
		if (enc && pki_pass_open(o->pass ? o->pass : "prompt", o->key, pass, sizeof(pass),
		                         e) == -1)
			return NULL;
		key = pki_key_load(o->key, enc ? pass : NULL, e);
		secret_wipe(pass, sizeof(pass));
		return key;
	}
	if (pki_key_spec_parse(o->type ? o->type : "p256", &ks, e) == -1 ||
	    (!o->no_pass &&
	     pki_pass_new(o->pass ? o->pass : "prompt", o->new_key, pass, sizeof(pass), e) == -1))
		return NULL;
	if ((key = pki_key_generate(&ks, 0, e)) != NULL &&
	    ((o->no_pass ? pki_key_encode_unsafe_clear(key, &pem, &len, e)
	                 : pki_key_encode(key, pass, &pem, &len, e)) == -1 ||
	     pki_out_add(out, o->new_key, pem, len, 0600, e) == -1)) {
		EVP_PKEY_free(key);
		key = NULL;
	}
	secret_wipe(pass, sizeof(pass));
	secret_free(pem, len);
	return key;
}

static int
csr_run(void *opts, int argc, char **argv, struct err *e)
{
	const struct csr_opts *o = opts;
	struct pki_outset out = {.n = 0};
	X509_NAME *name = NULL;
	X509_REQ *req = NULL;
	EVP_PKEY *key = NULL;
	char *pem = NULL, subject[300];
	size_t len = 0;
	int rc = -1;

	(void)argc, (void)argv;
	if (csr_check(o, e) == -1)
		return -1;
	out.force = o->force;
	if (o->cn != NULL)
		snprintf(subject, sizeof(subject), "/CN=%s", o->cn);
	if ((name = pki_name_parse(o->cn ? subject : o->subject, e)) == NULL ||
	    (key = csr_key(o, &out, e)) == NULL ||
	    (req = pki_csr_make(key, name, &o->sans, e)) == NULL ||
	    pki_csr_encode(req, &pem, &len, e) == -1 ||
	    pki_out_add(&out, o->out, pem, len, 0644, e) == -1 || pki_out_commit(&out, e) == -1)
		goto done;
	if (o->new_key != NULL && o->no_pass)
		pki_warn_unencrypted(o->new_key);
	printf("https_pki: wrote %s%s%s\n", o->out, o->new_key ? " and " : "",
	       o->new_key ? o->new_key : "");
	rc = 0;
done:
	free(pem);
	X509_REQ_free(req);
	EVP_PKEY_free(key);
	X509_NAME_free(name);
	pki_out_free(&out);
	return rc;
}

static void
csr_cleanup(void *opts)
{
	pki_sans_free(&((struct csr_opts *)opts)->sans);
}

static const struct opt csr_options[] = {
        {"key", 'k', "FILE", "existing key to sign the CSR with", OPT_STRING, &csr_opts.key, 0, 0,
         NULL},
        {"new-key", 0, "FILE", "make a new key and write it here", OPT_STRING, &csr_opts.new_key, 0,
         0, NULL},
        {"type", 't', "TYPE", "type of the new key (p256 default, p384, rsa2048.., ed25519)",
         OPT_STRING, &csr_opts.type, 0, 0, NULL},
        PKI_OPT_PASS(&csr_opts.pass, "passphrase of the key"),
        PKI_OPT_NO_PASS(&csr_opts.no_pass, "write the new key unencrypted (unsafe)"),
        {"cn", 0, "NAME", "subject common name", OPT_STRING, &csr_opts.cn, 0, 0, NULL},
        {"subject", 's', "DN", "full subject: CN=..,O=..,OU=..,C=..", OPT_STRING, &csr_opts.subject,
         0, 0, NULL},
        PKI_OPT_SAN(&csr_opts.sans, "TYPE:VALUE", "DNS:name, IP:addr, email:addr (repeatable)"),
        PKI_OPT_OUT(&csr_opts.out, "CSR file to write"),
        PKI_OPT_FORCE(&csr_opts.force, "replace existing files"),
        PKI_OPT_END,
};

const struct pki_cmd pki_csr_cmd = {
        .name = "csr",
        .summary = "make a certificate signing request (and its key)",
        .synopsis = csr_synopsis,
        .about = csr_about,
        .options = csr_options,
        .opts = &csr_opts,
        .run = csr_run,
        .cleanup = csr_cleanup,
};
