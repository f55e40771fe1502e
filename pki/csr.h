/* https_pki csr (csr.c): a certificate signing request. */
#ifndef PKI_CSR_H
#define PKI_CSR_H

struct pki_cmd;

/* https_pki csr (a row of main.c's list). */
extern const struct pki_cmd pki_csr_cmd;

#endif
