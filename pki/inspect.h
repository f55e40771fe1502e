/* https_pki inspect (inspect.c): what a certificate, CSR or key holds. */
#ifndef PKI_INSPECT_H
#define PKI_INSPECT_H

/* Returns the process exit status. */
int pki_cmd_inspect(int argc, char **argv);

#endif
