/* https_pki sign (sign.c): a CA signs a CSR. */
#ifndef PKI_SIGN_H
#define PKI_SIGN_H

#include <openssl/x509.h>

#include "err.h"

struct pki_cmd;
struct pki_sans;

/* https_pki sign (a row of main.c's list). */
extern const struct pki_cmd pki_sign_cmd;

/* Adds the SANs a CSR asks for to sans (sign.c). */
int pki_csr_sans(X509_REQ *req, struct pki_sans *sans, struct err *e);

#endif
