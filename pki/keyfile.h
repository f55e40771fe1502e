/*
 * Private keys (keyfile.c): generation, PKCS#8 PBES2 encryption, and loading
 * that tells a wrong passphrase apart from a file that is not a key.
 */
#ifndef PKI_KEYFILE_H
#define PKI_KEYFILE_H

#include <stddef.h>

#include <openssl/evp.h>

#include "err.h"

/*
 * PBKDF2-HMAC-SHA256 iterations for every key we encrypt: about 0.05 s per
 * key on the reference machine. OWASP's 2023 figure for password storage is
 * 600,000; we take a third of it because the server decrypts its key at every
 * start and the test suite starts it many times, also under ASan, where
 * OpenSSL's allocations inside each iteration cost about ten times more. The
 * demo passphrase init makes is random (144 bits), where the count is moot.
 */
#ifndef PKI_KDF_ITER /* -DPKI_KDF_ITER=1 isolates the KDF cost in benchmarks */
#define PKI_KDF_ITER 200000
#endif
/* Salt bytes (NIST SP 800-132: at least 16). */
#define PKI_KDF_SALT_LEN 16

enum pki_key_type {
	PKI_KEY_EC_P256,
	PKI_KEY_EC_P384,
	PKI_KEY_RSA,
	PKI_KEY_ED25519,
};

struct pki_key_spec {
	enum pki_key_type type;
	int bits; /* RSA only */
};

/*
 * Parses "ec" or "p256" (default), "p384", "rsa" (2048), "rsa2048", "rsa3072",
 * "rsa4096", "ed25519". Other RSA sizes are refused.
 */
int pki_key_spec_parse(const char *s, struct pki_key_spec *spec, struct err *e);

/* Describes spec ("ECDSA P-256", "RSA 2048", ...) in a static string. */
const char *pki_key_spec_name(const struct pki_key_spec *spec);

/*
 * Generates a key. unsafe_rsa_bits, when non-zero, overrides the RSA size
 * without the 2048-bit floor (only the bad-certificate set uses it).
 * The caller frees the result with EVP_PKEY_free.
 */
EVP_PKEY *pki_key_generate(const struct pki_key_spec *spec, int unsafe_rsa_bits, struct err *e);

/*
 * Encodes key as PEM PKCS#8, encrypted with PBES2 AES-256-CBC and
 * PBKDF2-HMAC-SHA256 (PKI_KDF_ITER) under pass, which must be a non-empty
 * string (NULL is refused: a clear key is never written by accident).
 * *out is allocated; the caller wipes and frees it (secret_free in common/secret.h).
 */
int pki_key_encode(EVP_PKEY *key, const char *pass, char **out, size_t *len, struct err *e);

/* Encodes key as clear PEM PKCS#8: only for --no-passphrase. As pki_key_encode. */
int pki_key_encode_unsafe_clear(EVP_PKEY *key, char **out, size_t *len, struct err *e);

/*
 * Decodes a private key from a PEM buffer. pass may be NULL for an
 * unencrypted key. Errors: DEMO_EXIT_PASSPHRASE for a wrong passphrase,
 * DEMO_EXIT_FILE when buf is not a private key (with what it holds).
 */
EVP_PKEY *pki_key_decode(const char *buf, size_t len, const char *what, const char *pass,
                         struct err *e);

/* Returns 1 if the PEM buffer holds an encrypted private key. */
int pki_key_is_encrypted(const char *buf, size_t len);

/*
 * Checks, without the passphrase, that an encrypted PEM key (PKCS#8 or the
 * older Proc-Type form) is sound: its structure decodes and its encrypted
 * data is whole cipher blocks. Altered encrypted bytes pass (only the
 * passphrase can tell). Returns 0, or -1 with e set (DEMO_EXIT_FILE).
 */
int pki_key_check_encrypted(const char *buf, size_t len, const char *what, struct err *e);

/* Describes how a PEM key is encrypted ("PKCS#8 PBES2: AES-256-CBC, ...", "none"). */
void pki_key_scheme(const char *buf, size_t len, char *out, size_t size);

/* Loads a key file; see pki_key_decode. */
EVP_PKEY *pki_key_load(const char *path, const char *pass, struct err *e);

#endif
