/* A signing CA loaded from a private_ca/ folder or from explicit files, and validity periods (ca.c). */
#ifndef PKI_CA_H
#define PKI_CA_H

#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "err.h"

/* Leaves start this much before now, for clients whose clock is a little behind. */
#define PKI_BACKDATE_SECONDS 300

/* A CA that signs: its certificate, key, and the CAs above it (itself first). */
struct pki_ca {
	X509 *cert;
	EVP_PKEY *key;
	STACK_OF(X509) * chain; /* cert, then the root when known */
};

/*
 * Loads the intermediate CA of a private_ca/ folder (and the root beside it,
 * for name constraints). pass opens the key. pki_ca_free cleans up either way.
 * A certificate unfit to issue (not CA:TRUE, no keyCertSign, or, with sub_ca
 * set, a pathLenConstraint of 0) is refused before its key is read: exit class
 * DEMO_EXIT_UNTRUSTED.
 */
int pki_ca_load_dir(struct pki_ca *ca, const char *dir, const char *pass, int sub_ca,
                    struct err *e);

/* Loads a CA from explicit files; root may be NULL. Same fitness check. */
int pki_ca_load_files(struct pki_ca *ca, const char *cert, const char *key, const char *root,
                      const char *pass, int sub_ca, struct err *e);

void pki_ca_free(struct pki_ca *ca);

/*
 * Resolves --days / --not-before / --not-after (days 0: the default) into a
 * period. Dates in the past or the future are allowed (expired test leaves).
 */
int pki_validity_resolve(long days, const char *not_before, const char *not_after, time_t *nb,
                         time_t *na, struct err *e);

#endif
