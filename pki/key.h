/* https_pki key (key.c): a new private key, written 0600. */
#ifndef PKI_KEY_H
#define PKI_KEY_H

#include <openssl/evp.h>

#include "err.h"

struct pki_cmd;

/* https_pki key (a row of main.c's list). */
extern const struct pki_cmd pki_key_cmd;

/*
 * Writes key to a new file, mode 0600: encrypted under pass, or in the clear
 * (with the loud warning) when pass is NULL, which only --no-passphrase does;
 * and, when pubout is set, its public key to pubout (mode 0644), both or neither.
 */
int pki_key_write_new(const char *path, const char *pubout, EVP_PKEY *key, const char *pass,
                      int force, struct err *e);

#endif
