/* The server's certificate chain and private key: reading, decrypting, checking. */
#include "tls_keypair.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "defaults.h"
#include "exits.h"
#include "fileio.h"
#include "passphrase.h"
#include "pemkey.h"
#include "secret.h"

#define TLS_FILE_MAX (1L << 20)
#define TLS_RENEW_FIX                                                                            \
	"renew it: https_pki init --force (the demo chain) or https_pki issue --profile server " \
	"... --cert FILE --key FILE"

const char *
server_tls_reason(void)
{
	unsigned long code = ERR_peek_last_error();
	const char *r = code ? ERR_reason_error_string(code) : NULL;

	return r ? r : "unknown error";
}

/* Copies what was printed into b to buf (NUL-terminated, truncated), then frees b. */
static void
tls_bio_str(BIO *b, int printed, char *buf, size_t size)
{
	int n = 0;

	buf[0] = '\0';
	if (b != NULL && printed)
		n = BIO_read(b, buf, (int)size - 1);
	buf[n > 0 ? n : 0] = '\0';
	BIO_free(b);
}

void
server_tls_time_str(const ASN1_TIME *t, char *buf, size_t size)
{
	BIO *b = BIO_new(BIO_s_mem());

	tls_bio_str(b, b != NULL && ASN1_TIME_print(b, t), buf, size);
}

void
server_tls_name_str(const X509_NAME *name, char *buf, size_t size)
{
	BIO *b = BIO_new(BIO_s_mem());

	tls_bio_str(b, b != NULL && X509_NAME_print_ex(b, name, 0, XN_FLAG_RFC2253) >= 0, buf,
	            size);
}

/*
 * A plain (certbot-style) key is accepted only when asked for with
 * --unencrypted-key, and only from a file of this user that no one else may
 * read: then file permissions are what protect it, as they protect certbot's
 * own copy. Returns 0, or -1 with e set.
 */
static int
tls_check_plain_key(const struct server_tls_options *o, struct err *e)
{
	struct stat st;

	if (!o->unencrypted_key) {
		err_set(e, "private key %s is not encrypted, and --unencrypted-key was not given",
		        o->key);
		err_fix(e,
		        "add --unencrypted-key for a certbot privkey.pem (mode 0600), or encrypt "
		        "it: https_pki passwd KEY --new-pass file:PATH");
		return err_code(e, DEMO_EXIT_FILE);
	}
	if (stat(o->key, &st) == -1) {
		err_set_errno(e, "private key %s", o->key);
		return err_code(e, DEMO_EXIT_FILE);
	}
	if ((st.st_mode & 077) != 0 || st.st_uid != geteuid()) {
		err_set(e,
		        "private key %s is not encrypted and is not a file of this user only "
		        "(mode %03o, owner uid %u)",
		        o->key, (unsigned)(st.st_mode & 0777), (unsigned)st.st_uid);
		err_fix(e, "chmod 600 %s (and chown it to the user running the server)", o->key);
		return err_code(e, DEMO_EXIT_FILE);
	}
	if (o->pass != NULL)
		fprintf(stderr, "https_server: note: %s is not encrypted; --pass is not used\n",
		        o->key);
	return 0;
}

/* Reads the passphrase into buf. Returns its length, or -1 with e set (buf wiped). */
static int
tls_get_pass(const struct server_tls_options *o, char *buf, size_t size, struct err *e)
{
	const char *spec = o->pass;

	if (spec == NULL && isatty(STDIN_FILENO))
		spec = "prompt";
	if (spec == NULL) {
		err_set(e, "private key %s is encrypted and no --pass was given", o->key);
		err_fix(e,
		        "add --pass file:secret/reminder.txt (or start on a terminal to be asked)");
		return err_code(e, DEMO_EXIT_PASSPHRASE);
	}
	if (passphrase_read(spec, SERVER_PASS_PROMPT, 0, buf, size, e) == -1) {
		err_prefix(e, "passphrase for %s", o->key);
		if (e->fix[0] == '\0')
			err_fix(e, "check --pass %s (file:PATH, env:VAR, fd:N or prompt)", spec);
		return -1;
	}
	return (int)strlen(buf);
}

/* Explains why an encrypted or plain key did not decode. Returns -1. */
static int
tls_key_error(const struct server_tls_options *o, enum pemkey_status st, struct err *e)
{
	err_code(e, pemkey_status_exit(st));
	if (st == PEMKEY_WRONG_PASS) {
		err_set(e, "wrong passphrase for private key %s", o->key);
		return err_fix(e, "give the passphrase the key was made with, e.g. --pass "
		                  "file:secret/reminder.txt");
	}
	if (st == PEMKEY_UNSUPPORTED) {
		err_set(e, "cannot read private key %s: %s", o->key, pemkey_status_text(st));
		return err_fix(e, "re-encrypt it: https_pki passwd %s", o->key);
	}
	err_set(e, "cannot read private key %s: not a valid PEM key%s", o->key,
	        st == PEMKEY_NOT_A_KEY ? " (or a damaged one)" : "");
	return err_fix(e, "point --key at the PEM key made with the certificate (https_pki init)");
}

/* Decodes the PEM key in pem (NUL-terminated, len bytes). Returns it, or NULL with e set. */
static EVP_PKEY *
tls_decode_key(const struct server_tls_options *o, const char *pem, size_t len, struct err *e)
{
	char pass[DEMO_PASSPHRASE_MAX + 1];
	int encrypted = pemkey_is_encrypted(pem, len);
	enum pemkey_status st;
	EVP_PKEY *pkey = NULL;

	pass[0] = '\0';
	if (encrypted && tls_get_pass(o, pass, sizeof(pass), e) == -1)
		goto done;
	pkey = pemkey_decode(pem, len, encrypted ? pass : NULL, &st);
	if (pkey == NULL)
		tls_key_error(o, st, e);
	else if (!encrypted && tls_check_plain_key(o, e) == -1) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
done:
	/* The passphrase has done its work: wipe it now, on every path. */
	secret_wipe(pass, sizeof(pass));
	return pkey;
}

static EVP_PKEY *
tls_load_key(const struct server_tls_options *o, struct err *e)
{
	char *pem = NULL;
	size_t len = 0;
	EVP_PKEY *pkey;

	if (file_read_all(o->key, TLS_FILE_MAX, &pem, &len, e) == -1) {
		err_prefix(e, "private key");
		err_fix(e, "give --key FILE, or make the demo chain with https_pki init");
		return NULL;
	}
	/* A plain key open to others is refused by tls_check_plain_key; an encrypted one warns. */
	if (pemkey_is_encrypted(pem, len))
		(void)secret_file_check(-1, o->key, stderr);
	pkey = tls_decode_key(o, pem, len, e);
	secret_free(pem, len);
	return pkey;
}

static int
tls_load_chain(STACK_OF(X509) * chain, const char *path, struct err *e)
{
	char *pem = NULL;
	size_t len = 0;
	BIO *bio = NULL;
	X509 *x;
	int rc = -1;

	if (file_read_all(path, TLS_FILE_MAX, &pem, &len, e) == -1) {
		err_prefix(e, "certificate");
		return err_fix(e, "give --cert FILE, or make the demo chain with https_pki init");
	}
	if ((bio = BIO_new_mem_buf(pem, (int)len)) == NULL) {
		err_set(e, "out of memory");
		goto done;
	}
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		if (!sk_X509_push(chain, x)) {
			X509_free(x);
			err_set(e, "out of memory");
			goto done;
		}
	}
	ERR_clear_error(); /* the read that ended the loop */
	if (sk_X509_num(chain) == 0) {
		err_set(e, "certificate file %s holds no PEM certificate", path);
		err_fix(e, "point --cert at the leaf + intermediate PEM file (https_pki init "
		           "writes certificates/site_public_key.pem)");
		err_code(e, DEMO_EXIT_FILE);
		goto done;
	}
	rc = 0;
done:
	BIO_free(bio);
	free(pem);
	return rc;
}

static int
tls_check_validity(X509 *leaf, const char *path, long *days_left, struct err *e)
{
	char when[40];
	int days = 0, secs = 0;

	if (X509_cmp_current_time(X509_get0_notAfter(leaf)) <= 0) {
		server_tls_time_str(X509_get0_notAfter(leaf), when, sizeof(when));
		err_set(e, "certificate %s expired on %s", path, when);
		err_fix(e, TLS_RENEW_FIX);
		return err_code(e, DEMO_EXIT_EXPIRED);
	}
	if (X509_cmp_current_time(X509_get0_notBefore(leaf)) > 0) {
		server_tls_time_str(X509_get0_notBefore(leaf), when, sizeof(when));
		fprintf(stderr,
		        "https_server: WARNING: certificate %s is not valid before %s; clients "
		        "will refuse it until then\n",
		        path, when);
	}
	*days_left = 0;
	if (ASN1_TIME_diff(&days, &secs, NULL, X509_get0_notAfter(leaf)))
		*days_left = days;
	if (*days_left < SERVER_EXPIRY_WARN_DAYS)
		fprintf(stderr,
		        "https_server: WARNING: certificate %s expires in %ld days\nfix: %s\n",
		        path, *days_left, TLS_RENEW_FIX);
	return 0;
}

/* Checks that pkey belongs to the leaf of chain. Returns 0, or -1 with e set. */
static int
tls_check_match(STACK_OF(X509) * chain, EVP_PKEY *pkey, const struct server_tls_options *o,
                struct err *e)
{
	if (!X509_check_private_key(sk_X509_value(chain, 0), pkey)) {
		ERR_clear_error();
		err_set(e, "private key %s does not match certificate %s", o->key, o->cert);
		err_fix(e, "use the key made together with this certificate");
		return err_code(e, DEMO_EXIT_FILE);
	}
	return 0;
}

/*
 * Why OpenSSL refused a certificate or key, as a sentence with a fix; its own
 * words follow in parentheses.
 */
static int
tls_install_error(struct err *e, const char *what, const char *path)
{
	unsigned long code = ERR_peek_last_error();
	int lib = ERR_GET_LIB(code), reason = ERR_GET_REASON(code);
	const char *raw = server_tls_reason();

	/* A weak key or hash is against policy; a key of another certificate, a file error. */
	if (lib == ERR_LIB_SSL &&
	    (reason == SSL_R_EE_KEY_TOO_SMALL || reason == SSL_R_CA_KEY_TOO_SMALL ||
	     reason == SSL_R_CA_MD_TOO_WEAK))
		err_code(e, DEMO_EXIT_POLICY);
	if (lib == ERR_LIB_X509 && reason == X509_R_KEY_VALUES_MISMATCH)
		err_code(e, DEMO_EXIT_FILE);
	if (lib == ERR_LIB_SSL && reason == SSL_R_EE_KEY_TOO_SMALL) {
		err_set(e, "%s %s has a key too small to be safe (OpenSSL: %s)", what, path, raw);
		return err_fix(e,
		               "make a new key and certificate: EC P-256 (https_pki issue) or RSA "
		               "of at least 2048 bits");
	}
	if (lib == ERR_LIB_SSL && reason == SSL_R_CA_KEY_TOO_SMALL) {
		err_set(e, "%s %s: an issuing CA's key is too small to be safe (OpenSSL: %s)", what,
		        path, raw);
		return err_fix(e, "re-issue the chain with EC P-256 or RSA >= 2048 CA keys");
	}
	if (lib == ERR_LIB_SSL && reason == SSL_R_CA_MD_TOO_WEAK) {
		err_set(e, "%s %s is signed with a weak hash, SHA-1 or MD5 (OpenSSL: %s)", what,
		        path, raw);
		return err_fix(e, "re-issue it signed with SHA-256 (https_pki does so)");
	}
	if (lib == ERR_LIB_X509 && reason == X509_R_KEY_VALUES_MISMATCH) {
		err_set(e, "the key does not belong to %s %s (OpenSSL: %s)", what, path, raw);
		return err_fix(e, "use the key made together with this certificate");
	}
	err_set(e, "OpenSSL refused %s %s or its key (OpenSSL: %s)", what, path, raw);
	return err_fix(e, "check the files with: https_pki inspect %s", path);
}

/* Installs leaf, key and intermediates in ctx. */
static int
tls_install(SSL_CTX *ctx, STACK_OF(X509) * chain, EVP_PKEY *pkey,
            const struct server_tls_options *o, struct err *e)
{
	int i;

	if (!SSL_CTX_use_certificate(ctx, sk_X509_value(chain, 0)) ||
	    !SSL_CTX_use_PrivateKey(ctx, pkey))
		return tls_install_error(e, "certificate", o->cert);
	/* An explicit chain: OpenSSL sends it as is and builds none per handshake. */
	for (i = 1; i < sk_X509_num(chain); i++)
		if (!SSL_CTX_add1_chain_cert(ctx, sk_X509_value(chain, i)))
			return tls_install_error(e, "the intermediate in", o->cert);
	return 0;
}

int
server_tls_keypair_read(const struct server_tls_options *o, STACK_OF(X509) * *chain,
                        EVP_PKEY **pkey, long *days_left, struct err *e)
{
	*pkey = NULL;
	if ((*chain = sk_X509_new_null()) == NULL)
		return err_set(e, "out of memory");
	if (tls_load_chain(*chain, o->cert, e) == -1 ||
	    tls_check_validity(sk_X509_value(*chain, 0), o->cert, days_left, e) == -1)
		return -1;
	if ((*pkey = tls_load_key(o, e)) == NULL)
		return -1;
	if (tls_check_match(*chain, *pkey, o, e) == -1) {
		EVP_PKEY_free(*pkey);
		*pkey = NULL;
		return -1;
	}
	return 0;
}

int
server_tls_keypair_load(SSL_CTX *ctx, const struct server_tls_options *o, STACK_OF(X509) * *chain,
                        long *days_left, struct err *e)
{
	EVP_PKEY *pkey;
	int rc;

	if (server_tls_keypair_read(o, chain, &pkey, days_left, e) == -1)
		return -1;
	rc = tls_install(ctx, *chain, pkey, o, e);
	/* ctx holds its own reference; this one goes (EVP_PKEY_free clears the key). */
	EVP_PKEY_free(pkey);
	return rc;
}
