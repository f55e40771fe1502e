#include "pemkey.h"

#include <limits.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/proverr.h>

#include "exits.h"

static const char *
mem_find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; n <= len && i <= len - n; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

int
pemkey_is_encrypted(const char *pem, size_t len)
{
	return mem_find(pem, len, "-----BEGIN ENCRYPTED PRIVATE KEY-----") != NULL ||
	       mem_find(pem, len, "Proc-Type: 4,ENCRYPTED") != NULL;
}

/* Empties OpenSSL's error queue; 1 if any entry was a failed decryption (bad padding). */
static int
queue_bad_decrypt(void)
{
	unsigned long code;
	int found = 0;

	while ((code = ERR_get_error()) != 0)
		if ((ERR_GET_LIB(code) == ERR_LIB_EVP &&
		     ERR_GET_REASON(code) == EVP_R_BAD_DECRYPT) ||
		    (ERR_GET_LIB(code) == ERR_LIB_PROV &&
		     ERR_GET_REASON(code) == PROV_R_BAD_DECRYPT))
			found = 1;
	return found;
}

/*
 * PKCS#8 (RFC 5958): the container parses before anything is decrypted, so
 * once it has, a failed decryption means the passphrase, unless OpenSSL says
 * it lacks the cipher or the key-derivation function.
 */
static EVP_PKEY *
decode_pkcs8(BIO *bio, const char *pass, enum pemkey_status *status)
{
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	X509_SIG *sig;
	EVP_PKEY *k = NULL;
	unsigned long code;
	int reason;

	if ((sig = PEM_read_bio_PKCS8(bio, NULL, NULL, NULL)) == NULL) {
		*status = PEMKEY_NOT_A_KEY;
		return NULL;
	}
	if (pass == NULL) {
		*status = PEMKEY_NEED_PASS;
		goto done;
	}
	if ((p8 = PKCS8_decrypt(sig, pass, (int)strlen(pass))) == NULL) {
		code = ERR_peek_last_error();
		reason = ERR_GET_REASON(code);
		*status = ERR_GET_LIB(code) == ERR_LIB_EVP &&
		                          (reason == EVP_R_UNSUPPORTED_CIPHER ||
		                           reason == EVP_R_UNSUPPORTED_PRF ||
		                           reason == EVP_R_UNSUPPORTED_KEY_DERIVATION_FUNCTION ||
		                           reason == EVP_R_UNKNOWN_CIPHER)
		                  ? PEMKEY_UNSUPPORTED
		                  : PEMKEY_WRONG_PASS;
		goto done;
	}
	if ((k = EVP_PKCS82PKEY(p8)) == NULL)
		*status = PEMKEY_NOT_A_KEY;
done:
	PKCS8_PRIV_KEY_INFO_free(p8);
	X509_SIG_free(sig);
	return k;
}

/* Hands OpenSSL the passphrase; never prompts (OpenSSL's default would). */
static int
pass_cb(char *buf, int size, int rwflag, void *u)
{
	size_t n;

	(void)rwflag;
	if (u == NULL || (n = strlen(u)) > (size_t)size)
		return -1;
	memcpy(buf, u, n);
	return (int)n;
}

/*
 * Everything else: plain PKCS#8, the older "BEGIN EC/RSA PRIVATE KEY" forms,
 * encrypted or not. A wrong passphrase shows as a bad decrypt (the padding
 * check after CBC) from either the EVP layer or a provider.
 */
static EVP_PKEY *
decode_other(BIO *bio, const char *pass, int encrypted, enum pemkey_status *status)
{
	EVP_PKEY *k;

	if (encrypted && pass == NULL) {
		*status = PEMKEY_NEED_PASS;
		return NULL;
	}
	if ((k = PEM_read_bio_PrivateKey(bio, NULL, pass_cb, (void *)pass)) != NULL)
		return k;
	*status = encrypted && queue_bad_decrypt() ? PEMKEY_WRONG_PASS : PEMKEY_NOT_A_KEY;
	return NULL;
}

EVP_PKEY *
pemkey_decode(const char *pem, size_t len, const char *pass, enum pemkey_status *status)
{
	EVP_PKEY *k = NULL;
	BIO *bio;

	*status = PEMKEY_NOT_A_KEY;
	if (len > INT_MAX || (bio = BIO_new_mem_buf(pem, (int)len)) == NULL)
		return NULL;
	ERR_clear_error();
	if (mem_find(pem, len, "-----BEGIN ENCRYPTED PRIVATE KEY-----") != NULL)
		k = decode_pkcs8(bio, pass, status);
	else
		k = decode_other(bio, pass, pemkey_is_encrypted(pem, len), status);
	if (k != NULL)
		*status = PEMKEY_OK;
	BIO_free(bio);
	ERR_clear_error();
	return k;
}

const char *
pemkey_status_text(enum pemkey_status status)
{
	switch (status) {
	case PEMKEY_OK:
		return "decoded";
	case PEMKEY_NEED_PASS:
		return "encrypted, and no passphrase was given";
	case PEMKEY_WRONG_PASS:
		return "wrong passphrase";
	case PEMKEY_UNSUPPORTED:
		return "encrypted with an unsupported algorithm";
	case PEMKEY_NOT_A_KEY:
		break;
	}
	return "not a valid PEM private key";
}

int
pemkey_status_exit(enum pemkey_status status)
{
	if (status == PEMKEY_NEED_PASS || status == PEMKEY_WRONG_PASS)
		return DEMO_EXIT_PASSPHRASE;
	return status == PEMKEY_OK ? DEMO_EXIT_OK : DEMO_EXIT_FILE;
}
