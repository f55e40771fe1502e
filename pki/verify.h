/* https_pki verify (verify.c): a chain checked with the certificate policy. */
#ifndef PKI_VERIFY_H
#define PKI_VERIFY_H

/* Returns the process exit status. */
int pki_cmd_verify(int argc, char **argv);

#endif
