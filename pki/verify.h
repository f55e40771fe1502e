/* https_pki verify (verify.c): a chain checked with the certificate policy. */
#ifndef PKI_VERIFY_H
#define PKI_VERIFY_H

struct pki_cmd;

/* https_pki verify (a row of main.c's list). */
extern const struct pki_cmd pki_verify_cmd;

#endif
