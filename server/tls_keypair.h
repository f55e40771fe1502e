/*
 * Loading the server's certificate chain and private key (internal to tls*.c).
 * The key is decoded from memory with a password callback that never falls
 * back to OpenSSL's own prompt; the passphrase and the key file's bytes are
 * wiped right after decoding, on every path.
 */
#ifndef SERVER_TLS_KEYPAIR_H
#define SERVER_TLS_KEYPAIR_H

#include <stddef.h>

#include <openssl/ssl.h>

#include "err.h"
#include "tls.h"

/*
 * Reads o->cert (leaf, then intermediates) into a new stack (*chain, leaf
 * first, owned by the caller: sk_X509_pop_free(.., X509_free)), refuses an
 * expired leaf, decrypts o->key with the passphrase from o->pass, checks that
 * it matches the leaf and installs leaf, key and intermediates in ctx (which
 * takes its own references; the key is freed here). *days_left receives the
 * days until the leaf expires. Returns 0, or -1 with e set (*chain may still
 * be set and must be freed).
 */
int server_tls_keypair_load(SSL_CTX *ctx, const struct server_tls_options *o,
                            STACK_OF(X509) * *chain, long *days_left, struct err *e);

/*
 * Reads and checks what server_tls_keypair_load installs, without installing
 * it: *chain (leaf first) and *pkey (matching the leaf) belong to the caller
 * (sk_X509_pop_free, EVP_PKEY_free). Reads the passphrase source again each
 * time. Returns 0, or -1 with e set (*chain may still be set and must be
 * freed; *pkey is NULL).
 */
int server_tls_keypair_read(const struct server_tls_options *o, STACK_OF(X509) * *chain,
                            EVP_PKEY **pkey, long *days_left, struct err *e);

/* The reason of OpenSSL's last queued error, or "unknown error". Never NULL. */
const char *server_tls_reason(void);

/* Formats t (e.g. "Jan  2 03:04:05 2027 GMT") into buf; "" on failure. */
void server_tls_time_str(const ASN1_TIME *t, char *buf, size_t size);

/* Formats name in RFC 2253 form (special and non-ASCII bytes escaped) into buf. */
void server_tls_name_str(const X509_NAME *name, char *buf, size_t size);

#endif
