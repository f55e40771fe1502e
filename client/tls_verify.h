/*
 * Checking each certificate during the handshake (wolfSSL's verify callback),
 * and what the client records of it.
 */
#ifndef CLIENT_TLS_VERIFY_H
#define CLIENT_TLS_VERIFY_H

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

struct client_tls;
struct client_cert_info;

/* wolfSSL's verify callback (WOLFSSL_ALWAYS_VERIFY_CB: called for every certificate). */
int client_tls_verify_cb(int ok, WOLFSSL_X509_STORE_CTX *store);

/* The certificate the server sent at depth (0: the leaf), or a placeholder. */
const struct client_cert_info *client_tls_cert_at(const struct client_tls *t, int depth);

/* Fills ci from x. */
void client_tls_cert_info(WOLFSSL_X509 *x, struct client_cert_info *ci);

#endif
