/* https_pki inspect (inspect.c): what a certificate, CSR or key holds. */
#ifndef PKI_INSPECT_H
#define PKI_INSPECT_H

struct pki_cmd;

/* https_pki inspect (a row of main.c's list). */
extern const struct pki_cmd pki_inspect_cmd;

#endif
