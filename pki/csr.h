/* https_pki csr (csr.c): a certificate signing request. */
#ifndef PKI_CSR_H
#define PKI_CSR_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "err.h"

struct pki_sans;

/* https_pki csr; returns the process exit status. */
int pki_cmd_csr(int argc, char **argv);

/* Makes and signs a CSR for subject and sans (may be NULL). */
X509_REQ *pki_csr_make(EVP_PKEY *key, X509_NAME *subject, const struct pki_sans *sans,
                       struct err *e);

#endif
