/* https_pki passwd (passwd.c): a key re-encrypted under a new passphrase. */
#ifndef PKI_PASSWD_H
#define PKI_PASSWD_H

struct pki_cmd;

/* https_pki passwd (a row of main.c's list). */
extern const struct pki_cmd pki_passwd_cmd;

#endif
