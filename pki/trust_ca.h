/* https_pki trust / untrust: the root being trusted or untrusted (trust_ca.c). */
#ifndef PKI_TRUST_CA_H
#define PKI_TRUST_CA_H

#include <limits.h>
#include <stddef.h>

#include <openssl/x509.h>

#include "err.h"
#include "trust_parse.h"

/* The root being trusted or untrusted, and the names derived from it. */
struct pki_trust_ca {
	X509 *x509;
	char *pem; /* our own PEM encoding of x509, fed to the tools */
	size_t pem_len;
	char path[PATH_MAX];
	char cn[128];
	char fpr[3 * 32];
	char nick[PKI_TRUST_NICK_MAX];
	char slug[PKI_TRUST_NICK_MAX];
	int derived; /* nick derived from the certificate, not given with --name */
};

/*
 * Loads the certificate (PEM or DER) in file into ca, which starts zeroed,
 * and refuses what a browser would not take as a root: not a CA, not
 * self-issued and self-signed, and, when for_trust, expired. The nickname is
 * name (checked with pki_trust_name_valid) or pki_trust_nickname's. Returns
 * 0, or -1 with e set (code DEMO_EXIT_FILE for a bad file,
 * DEMO_EXIT_USAGE for a bad name); either way the caller calls
 * pki_trust_ca_free.
 */
int pki_trust_ca_load(const char *file, const char *name, int for_trust, struct pki_trust_ca *ca,
                      struct err *e);

/* Frees what ca holds and zeroes it; a zeroed ca is fine. */
void pki_trust_ca_free(struct pki_trust_ca *ca);

/*
 * Prints on stdout which root this is (CN, file, SHA-256, nickname) and
 * what it may vouch for: its permitted name constraints, or a WARNING that
 * it has none.
 */
void pki_trust_ca_describe(const struct pki_trust_ca *ca);

/* Returns 1 if the PEM text holds a certificate equal to ca's, else 0. */
int pki_trust_pem_has(const char *pem, const struct pki_trust_ca *ca);

#endif
