/* Certificates and CSRs (certfile.c): loading with clear errors, writing as PEM. */
#ifndef PKI_CERTFILE_H
#define PKI_CERTFILE_H

#include <stddef.h>

#include <openssl/x509.h>

#include "err.h"

/*
 * Loads every certificate of a PEM file, in order. Fails with
 * DEMO_EXIT_FILE when the file holds none (saying what it holds).
 * The caller frees the stack with OSSL_STACK_OF_X509_free-like
 * sk_X509_pop_free(sk, X509_free).
 */
STACK_OF(X509) * pki_certs_load(const char *path, struct err *e);

/* Loads the first certificate of a PEM file. */
X509 *pki_cert_load(const char *path, struct err *e);

/* Loads a CSR and checks its own signature (DEMO_EXIT_FILE when broken). */
X509_REQ *pki_csr_load(const char *path, struct err *e);

/* Appends the PEM of cert to *buf (allocated, grown). */
int pki_cert_append_pem(X509 *cert, char **buf, size_t *len, struct err *e);

/* Encodes a CSR as PEM into *out (allocated). */
int pki_csr_encode(X509_REQ *req, char **out, size_t *len, struct err *e);

/* Returns 1 if cert is self-issued and its signature verifies with its own key. */
int pki_cert_is_self_signed(X509 *cert);

#endif
