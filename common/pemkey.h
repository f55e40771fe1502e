/*
 * Decoding a PEM private key, with its passphrase, through OpenSSL: the one
 * place that tells a wrong passphrase apart from a file that is not a key.
 * Used by https_server (its encrypted key) and https_pki (every key it reads).
 * Its own library (demo_pemkey), so the wolfSSL client never links libcrypto.
 */
#ifndef DEMO_PEMKEY_H
#define DEMO_PEMKEY_H

#include <stddef.h>

#include <openssl/evp.h>

/* Why a key did not decode. */
enum pemkey_status {
	PEMKEY_OK = 0,
	PEMKEY_NEED_PASS,   /* encrypted, and no passphrase was given */
	PEMKEY_WRONG_PASS,  /* a well-formed encrypted key that this passphrase does not open */
	PEMKEY_UNSUPPORTED, /* encrypted with an algorithm this OpenSSL does not offer */
	PEMKEY_NOT_A_KEY,   /* no private key PEM block, or a damaged one */
};

/* 1 if pem holds an encrypted private key (PKCS#8 or the older Proc-Type form). */
int pemkey_is_encrypted(const char *pem, size_t len);

/*
 * Decodes the first private key in pem (len bytes), with pass (NUL-terminated;
 * NULL for none) if it is encrypted. Returns the key (the caller frees it), or
 * NULL with *status saying why. The passphrase is only read, never kept; the
 * caller wipes it. The decision rests on OpenSSL's error reason codes, never
 * on their text. Leaves OpenSSL's error queue empty.
 */
EVP_PKEY *pemkey_decode(const char *pem, size_t len, const char *pass, enum pemkey_status *status);

/* A short English phrase for a status ("wrong passphrase", ...). */
const char *pemkey_status_text(enum pemkey_status status);

/* The exit code (common/exits.h) for a failed status: passphrase or file. */
int pemkey_status_exit(enum pemkey_status status);

#endif
