/*
 * The bad-certificate set of `https_pki badssl` (a local badssl.com): the
 * case table (badssl_cases.c, badssl_cases.h), the certificate builder that
 * can break every rule on purpose (badssl_x509.c, badssl_x509.h), and the
 * command that writes the set and its manifest (badssl.c, this header).
 * Layout and manifest columns: docs/badssl.md.
 */
#ifndef PKI_BADSSL_H
#define PKI_BADSSL_H

struct pki_cmd;

/* https_pki badssl (a row of main.c's list). */
extern const struct pki_cmd pki_badssl_cmd;

#endif
