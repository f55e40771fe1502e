/* https_pki crl (crl.c): the CA signs its list of revoked certificates; inspect explains one. */
#ifndef PKI_CRL_H
#define PKI_CRL_H

#include <stdio.h>

#include "cli.h"
#include "err.h"

/* Where the CRL files go, and the name of the counter kept in the CA folder. */
#define PKI_CRL_OUT_DIR      "crl"
#define PKI_CA_DIR_CRLNUMBER "crlnumber"

/* The crl subcommand (pki/main.c lists it). */
extern const struct pki_cmd pki_crl_cmd;

/*
 * Prints what the CRLs of path (PEM, or one DER CRL) say: issuer, number,
 * thisUpdate, nextUpdate, each revoked serial with its date and reason.
 * A CRL past its nextUpdate is printed, then fails with DEMO_EXIT_CRL_STALE.
 * Returns 0, or -1 with e set.
 */
int pki_crl_inspect(FILE *f, const char *path, struct err *e);

/* Whether buf (len bytes) looks like a CRL: a PEM "X509 CRL" block, or DER that parses as one. */
int pki_crl_is(const char *buf, size_t len);

#endif
