/* Subject alternative names, times, and the name checks before issuing (names.c). */
#ifndef PKI_NAMES_H
#define PKI_NAMES_H

#include <stddef.h>
#include <time.h>

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "err.h"

#define PKI_SAN_MAX 32

/*
 * A list of subject alternative names in their canonical text form
 * ("DNS:localhost", "IP:127.0.0.1", "email:a@b"), without duplicates.
 */
struct pki_sans {
	char *v[PKI_SAN_MAX];
	int n;
};

/*
 * Adds one SAN. Accepts "DNS:name", "IP:addr", "email:addr", and, for
 * convenience, a bare IP address or DNS name. Validates the value.
 */
int pki_sans_add(struct pki_sans *s, const char *arg, struct err *e);
void pki_sans_free(struct pki_sans *s);

/* Builds the GENERAL_NAMES of the list (NULL with e set on error). */
GENERAL_NAMES *pki_sans_to_general_names(const struct pki_sans *s, struct err *e);

/* Formats a GENERAL_NAME into buf: the policy's formatter, policy_name_text. */
const char *pki_general_name_text(const GENERAL_NAME *gn, char *buf, size_t size);

/*
 * Parses "addr/prefix" (IPv4 or IPv6) into address then mask bytes (8 or 32
 * bytes, the encoding of RFC 5280 4.2.1.10). Returns the length or -1.
 */
int pki_cidr_parse(const char *s, unsigned char out[32], struct err *e);

/* Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (UTC) into *t. */
int pki_time_parse(const char *s, time_t *t, struct err *e);

/* Formats t as "YYYY-MM-DD HH:MM:SS UTC" into buf. */
const char *pki_time_format(time_t t, char *buf, size_t size);

/* ASN1_TIME to time_t; -1 with e set when it cannot be read. */
int pki_asn1_time_get(const ASN1_TIME *a, time_t *t, struct err *e);

/*
 * Whether cert may be issued under cas (its CA, then the CA's issuers): the
 * verifiers' own rules on names (policy/), so that issue refuses exactly
 * what https_pki verify and https_client would reject under the same CA:
 * the name syntax rules (a bad wildcard; exit 2) and the name constraints
 * of every CA on the path (policy/nc.c; exit 12, naming the names outside).
 * What the policy only warns about (an underscore, a leading-period
 * constraint) is printed on stderr as verify prints it, and issued.
 */
int pki_names_check_constraints(X509 *cert, STACK_OF(X509) * cas, struct err *e);

#endif
