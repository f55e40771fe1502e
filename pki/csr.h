/* https_pki csr (csr.c): a certificate signing request. */
#ifndef PKI_CSR_H
#define PKI_CSR_H

/* https_pki csr; returns the process exit status. */
int pki_cmd_csr(int argc, char **argv);

#endif
