/*
 * Checking each certificate during the handshake (wolfSSL's verify callback),
 * and what the client records of it.
 */
#ifndef CLIENT_TLS_VERIFY_H
#define CLIENT_TLS_VERIFY_H

#include <stddef.h>

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

struct client_tls;
struct client_cert_info;

/* wolfSSL's verify callback (WOLFSSL_ALWAYS_VERIFY_CB: called for every certificate). */
int client_tls_verify_cb(int ok, WOLFSSL_X509_STORE_CTX *store);

/*
 * Records the chain the server sent (der[0]: the leaf; n certificates) for
 * the report, and runs the certificate policy on it (t->verdict). Called
 * once per full handshake: by the verify callback, or after wolfSSL refused
 * the chain before calling it (tls_fail.c).
 */
void client_tls_judge_chain(struct client_tls *t, const unsigned char *const *der,
                            const size_t *len, int n);

/* The certificate the server sent at depth (0: the leaf), or a placeholder. */
const struct client_cert_info *client_tls_cert_at(const struct client_tls *t, int depth);

/* Fills ci from x. */
void client_tls_cert_info(WOLFSSL_X509 *x, struct client_cert_info *ci);

#endif
