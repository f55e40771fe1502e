/*
 * https_pki revoke (revoke.c): records a revocation in the CA folder; and
 * the two lists a CA keeps there, which crl.c reads:
 *   DIR/issued.tsv   ISSUER SERIAL NOT-AFTER SUBJECT  (init and issue append)
 *   DIR/revoked.tsv  ISSUER SERIAL REVOKED-AT REASON  (revoke appends)
 * tab-separated, one certificate a line, '#' lines are comments. ISSUER is
 * "intermediate" (it signed the leaves) or "root" (it signed the
 * intermediate); SERIAL is upper-case hex; times are YYYY-MM-DDTHH:MM:SSZ.
 */
#ifndef PKI_REVOKE_H
#define PKI_REVOKE_H

#include <stddef.h>
#include <time.h>

#include <openssl/x509.h>

#include "cli.h"
#include "err.h"

#define PKI_CA_DIR_ISSUED  "issued.tsv"
#define PKI_CA_DIR_REVOKED "revoked.tsv"

/* The revoke subcommand (pki/main.c lists it). */
extern const struct pki_cmd pki_revoke_cmd;

/* Appends cert's issued.tsv line to *buf (realloc'd). */
int pki_issued_line(X509 *cert, char **buf, size_t *len, struct err *e);

/* The first line of an empty issued.tsv or revoked.tsv (a comment naming the columns). */
const char *pki_revoke_header(int revoked);

/* Appends cert's line to DIR/issued.tsv (made when missing). */
int pki_issued_record(const char *ca_dir, X509 *cert, struct err *e);

struct pki_revoked {
	char issuer[16]; /* "intermediate" or "root" */
	char serial[80]; /* upper-case hex */
	time_t when;
	int reason; /* RFC 5280 code */
};

/*
 * Reads DIR/revoked.tsv into *out (n entries; free() it). A missing file is
 * an empty list. A malformed line: DEMO_EXIT_FILE with its line number.
 */
int pki_revoked_load(const char *ca_dir, struct pki_revoked **out, int *n, struct err *e);

#endif
