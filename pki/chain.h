/* https_pki chain (chain.c): a full chain, leaf first. */
#ifndef PKI_CHAIN_H
#define PKI_CHAIN_H

#include <openssl/x509.h>

struct pki_cmd;

/* https_pki chain (a row of main.c's list). */
extern const struct pki_cmd pki_chain_cmd;

/*
 * Orders certificates: the first non-CA of pool (else the first) is the leaf; each issuer follows
 * (moved from pool to out). What is left in pool belongs to no path.
 * *has_root is set when a self-signed root was appended.
 */
int pki_chain_order(STACK_OF(X509) * pool, STACK_OF(X509) * out, int *has_root);

#endif
