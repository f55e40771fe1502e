/* https_pki sign (sign.c): a CA signs a CSR. */
#ifndef PKI_SIGN_H
#define PKI_SIGN_H

#include <openssl/x509.h>

#include "err.h"

struct pki_sans;

/* https_pki sign; returns the process exit status. */
int pki_cmd_sign(int argc, char **argv);

/* Adds the SANs a CSR asks for to sans (sign.c). */
int pki_csr_sans(X509_REQ *req, struct pki_sans *sans, struct err *e);

#endif
