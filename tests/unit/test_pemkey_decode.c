/*
 * Unit tests for common/pemkey.c: a key opens with its passphrase; a wrong
 * one, a missing one, a damaged file and a file that is no key are told
 * apart. The key is the pki_chain fixture's (made by our https_pki) in
 * $TEST_PKI_DIR; other forms are re-encodings of it.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "fileio.h"
#include "pemkey.h"
#include "secret.h"
#include "unit.h"

static char *
slurp(const char *rel, size_t *len)
{
	char path[1024];
	char *buf = NULL;
	struct err e;

	snprintf(path, sizeof(path), "%s/%s", getenv("TEST_PKI_DIR"), rel);
	err_clear(&e);
	if (file_read_all(path, 1 << 20, &buf, len, &e) == -1)
		fprintf(stderr, "%s\n", e.msg);
	return buf;
}

static void
expect(const char *pem, size_t len, const char *pass, enum pemkey_status want)
{
	enum pemkey_status st = PEMKEY_OK;
	EVP_PKEY *k = pemkey_decode(pem, len, pass, &st);

	UNIT_CHECK_INT(st, want);
	UNIT_CHECK_INT(k != NULL, want == PEMKEY_OK);
	EVP_PKEY_free(k);
}

/* Encodes k with enc (legacy form when traditional is set) into a new buffer. */
static char *
encode(EVP_PKEY *k, int traditional, const char *pass, size_t *len)
{
	BIO *b = BIO_new(BIO_s_mem());
	const EVP_CIPHER *c = pass ? EVP_aes_256_cbc() : NULL;
	char *p = NULL, *out;
	int ok;

	ok = traditional ? PEM_write_bio_PrivateKey_traditional(b, k, c, (unsigned char *)pass,
	                                                        pass ? (int)strlen(pass) : 0, NULL,
	                                                        NULL)
	                 : PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL);
	*len = ok ? (size_t)BIO_get_mem_data(b, &p) : 0;
	out = malloc(*len + 1);
	if (out != NULL) {
		memcpy(out, p, *len);
		out[*len] = '\0';
	}
	BIO_free(b);
	return out;
}

int
main(void)
{
	static const char *const wrong[] = {"",        "x",       "fixture-",
	                                    "FIXTURE", "hunter2", "correct horse battery staple",
	                                    "0",       "\xc3\xa9"};
	size_t klen = 0, plen = 0, clen = 0, len, i;
	char *key = slurp("certificates/site_private_key.pem", &klen);
	char *pass = slurp("pass.txt", &plen);
	char *cert = slurp("certificates/site_public_key.pem", &clen);
	enum pemkey_status st;
	EVP_PKEY *k;
	char *alt, *nl;
	int told_apart = 0;

	UNIT_CHECK(key != NULL && pass != NULL && cert != NULL);
	if (key == NULL || pass == NULL || cert == NULL)
		return unit_done();
	if ((nl = strchr(pass, '\n')) != NULL)
		*nl = '\0';
	UNIT_CHECK(pemkey_is_encrypted(key, klen));
	UNIT_CHECK(!pemkey_is_encrypted(cert, clen));

	/* PKCS#8 with PBES2, as https_pki writes it. */
	expect(key, klen, pass, PEMKEY_OK);
	for (i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++)
		expect(key, klen, wrong[i], PEMKEY_WRONG_PASS);
	expect(key, klen, NULL, PEMKEY_NEED_PASS);
	expect(cert, clen, pass, PEMKEY_NOT_A_KEY);
	expect("", 0, pass, PEMKEY_NOT_A_KEY);
	expect(key, klen / 2, pass, PEMKEY_NOT_A_KEY); /* truncated */
	UNIT_CHECK_STR(pemkey_status_text(PEMKEY_WRONG_PASS), "wrong passphrase");

	/* The same key unencrypted, and in the older encrypted form (Proc-Type). */
	k = pemkey_decode(key, klen, pass, &st);
	UNIT_CHECK(k != NULL);
	alt = encode(k, 0, NULL, &len);
	UNIT_CHECK(alt != NULL && !pemkey_is_encrypted(alt, len));
	expect(alt, len, NULL, PEMKEY_OK);
	expect(alt, len, "ignored", PEMKEY_OK);
	free(alt);
	alt = encode(k, 1, pass, &len);
	UNIT_CHECK(alt != NULL && pemkey_is_encrypted(alt, len));
	expect(alt, len, pass, PEMKEY_OK);
	expect(alt, len, NULL, PEMKEY_NEED_PASS);
	/*
	 * A wrong passphrase here shows only as bad CBC padding, which a wrong key
	 * still passes once in 256 tries (then the text is garbage: not a key).
	 */
	for (i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		EVP_PKEY *w = pemkey_decode(alt, len, wrong[i], &st);

		UNIT_CHECK(w == NULL && (st == PEMKEY_WRONG_PASS || st == PEMKEY_NOT_A_KEY));
		told_apart += st == PEMKEY_WRONG_PASS;
		EVP_PKEY_free(w);
	}
	UNIT_CHECK(told_apart >= 1);
	free(alt);
	EVP_PKEY_free(k);
	secret_free(key, klen);
	secret_free(pass, plen);
	free(cert);
	return unit_done();
}
