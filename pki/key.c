/* https_pki key: generate a private key, PKCS#8, encrypted unless --no-passphrase. */
#include "key.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "cli.h"
#include "defaults.h"
#include "err.h"
#include "keyfile.h"
#include "opts.h"
#include "output.h"
#include "pki.h"
#include "secret.h"

static struct key_opts {
	const char *out, *pubout, *type, *pass;
	int no_pass, force;
} key_opts;

static const char key_synopsis[] = "--out FILE [--pubout FILE] [--type "
                                   "p256|p384|rsa2048|rsa3072|rsa4096|ed25519] (--pass SOURCE | "
                                   "--no-passphrase) [--force]";
static const char key_about[] =
        "Generates a private key (ECDSA P-256 by default) and writes it as PKCS#8, encrypted with\n"
        "AES-256-CBC under a key derived by PBKDF2-HMAC-SHA256, mode 0600.";

/* The public half of key as PEM "PUBLIC KEY" (SubjectPublicKeyInfo) into *out. */
static int
key_pub_encode(EVP_PKEY *key, char **out, size_t *len, struct err *e)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data;
	long n;

	if (b == NULL || !PEM_write_bio_PUBKEY(b, key) || (n = BIO_get_mem_data(b, &data)) <= 0 ||
	    (*out = malloc((size_t)n)) == NULL) {
		BIO_free(b);
		err_set(e, "cannot encode the public key");
		pki_err_openssl(e);
		return -1;
	}
	memcpy(*out, data, (size_t)n);
	*len = (size_t)n;
	BIO_free(b);
	return 0;
}

int
pki_key_write_new(const char *path, const char *pubout, EVP_PKEY *key, const char *pass, int force,
                  struct err *e)
{
	struct pki_outset out = {.n = 0};
	char *pem = NULL, *pub = NULL;
	size_t len = 0, publen = 0;
	int rc = -1;

	out.force = force;
	if ((pass != NULL ? pki_key_encode(key, pass, &pem, &len, e)
	                  : pki_key_encode_unsafe_clear(key, &pem, &len, e)) == 0 &&
	    pki_out_add(&out, path, pem, len, 0600, e) == 0 &&
	    (pubout == NULL || (key_pub_encode(key, &pub, &publen, e) == 0 &&
	                        pki_out_add(&out, pubout, pub, publen, 0644, e) == 0)) &&
	    pki_out_commit(&out, e) == 0)
		rc = 0;
	secret_free(pem, len);
	free(pub);
	pki_out_free(&out);
	if (rc == 0 && pass == NULL)
		pki_warn_unencrypted(path);
	return rc;
}

static int
key_run(void *opts, int argc, char **argv, struct err *e)
{
	const struct key_opts *o = opts;
	char pass[DEMO_PASSPHRASE_MAX + 1];
	struct pki_key_spec ks;
	EVP_PKEY *key = NULL;
	int rc = -1;

	(void)argc, (void)argv;
	err_code(e, DEMO_EXIT_USAGE);
	if (o->out == NULL) {
		err_set(e, "key needs --out FILE");
		return err_fix(e, "add --out FILE.pem (the key file to write)");
	}
	if (o->pass != NULL && o->no_pass) {
		err_set(e, "--pass and --no-passphrase conflict");
		return err_fix(e, "give one: --pass SOURCE, or --no-passphrase for a clear key");
	}
	e->code = 0;
	if (o->pubout != NULL && strcmp(o->pubout, o->out) == 0) {
		err_code(e, DEMO_EXIT_USAGE);
		err_set(e, "--pubout names the key file itself (%s)", o->out);
		return err_fix(e, "give the public key its own file, e.g. --pubout public.pem");
	}
	if (pki_key_spec_parse(o->type ? o->type : "p256", &ks, e) == -1 ||
	    pki_out_precheck(o->out, o->force, e) == -1 ||
	    (o->pubout != NULL && pki_out_precheck(o->pubout, o->force, e) == -1))
		return -1;
	if (ks.type == PKI_KEY_ED25519)
		fputs("WARNING: browsers do not accept Ed25519 certificates for TLS; use p256 for "
		      "a "
		      "website.\n",
		      stderr);
	if (!o->no_pass &&
	    pki_pass_new(o->pass ? o->pass : "prompt", o->out, pass, sizeof(pass), e) == -1)
		return -1;
	if ((key = pki_key_generate(&ks, 0, e)) != NULL &&
	    pki_key_write_new(o->out, o->pubout, key, o->no_pass ? NULL : pass, o->force, e) == 0) {
		printf("https_pki: wrote %s (%s)%s%s\n", o->out, pki_key_spec_name(&ks),
		       o->pubout ? " and its public key " : "", o->pubout ? o->pubout : "");
		rc = 0;
	}
	secret_wipe(pass, sizeof(pass));
	EVP_PKEY_free(key);
	return rc;
}

static const struct opt key_options[] = {
        PKI_OPT_OUT(&key_opts.out, "key file to write"),
        {"pubout", 0, "FILE", "also write the public key (PEM PUBLIC KEY, mode 0644)", OPT_STRING,
         &key_opts.pubout, 0, 0, NULL},
        {"type", 't', "TYPE", "p256 (default), p384, rsa2048, rsa3072, rsa4096, ed25519",
         OPT_STRING, &key_opts.type, 0, 0, NULL},
        PKI_OPT_PASS(&key_opts.pass, "passphrase (file:PATH, env:VAR, fd:N, prompt)"),
        PKI_OPT_NO_PASS(&key_opts.no_pass, "write the key unencrypted (unsafe)"),
        PKI_OPT_FORCE(&key_opts.force, "replace an existing file"),
        PKI_OPT_END,
};

const struct pki_cmd pki_key_cmd = {
        .name = "key",
        .summary = "generate a private key (P-256, P-384, RSA, Ed25519)",
        .synopsis = key_synopsis,
        .about = key_about,
        .options = key_options,
        .opts = &key_opts,
        .run = key_run,
};
