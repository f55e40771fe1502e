/* https_pki passwd (passwd.c): a key re-encrypted under a new passphrase. */
#ifndef PKI_PASSWD_H
#define PKI_PASSWD_H

/* Returns the process exit status. */
int pki_cmd_passwd(int argc, char **argv);

#endif
