/* https_pki trust / untrust --system: Debian's system store (trust_system.c). */
#ifndef PKI_TRUST_SYSTEM_H
#define PKI_TRUST_SYSTEM_H

#include "err.h"

/* Where the system store takes roots. */
#define PKI_TRUST_SYSTEM_DIR "/usr/local/share/ca-certificates"

struct pki_trust_ca;

/*
 * Puts ca into the system store as PKI_TRUST_SYSTEM_DIR/<slug>.crt, runs
 * update-ca-certificates and checks that /etc/ssl/certs/<slug>.pem links to
 * it. A file of that name holding another certificate is left alone (an
 * error). Needs root. Returns 0, or -1 with e set.
 */
int pki_trust_system_add(const struct pki_trust_ca *ca, struct err *e);

/*
 * Takes out the file pki_trust_system_add wrote, if it holds ca, and
 * rebuilds the links (update-ca-certificates --fresh); nothing there is
 * fine. Needs root. Returns 0, or -1 with e set.
 */
int pki_trust_system_remove(const struct pki_trust_ca *ca, struct err *e);

#endif
