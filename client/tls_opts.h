/* The TLS options a user can get wrong: --ciphers, --pinnedpubkey, --curves. */
#ifndef CLIENT_TLS_OPTS_H
#define CLIENT_TLS_OPTS_H

#include "err.h"

/*
 * Checks a --ciphers list (TLS 1.2 names, ':'-separated): only ECDHE key
 * exchange with an AEAD cipher, unless insecure; anonymous and NULL suites
 * never. Returns 0, or -1 with e set (class 2).
 */
int client_tls_check_ciphers(const char *list, int insecure, struct err *e);

/*
 * Parses "sha256//BASE64[;sha256//BASE64...]" into up to max 32-byte hashes.
 * Returns the count, or -1 with e set (class 2).
 */
int client_tls_parse_pins(const char *spec, unsigned char (*pins)[32], int max, struct err *e);

/*
 * Parses a --curves list ("X25519:P-256") into wolfSSL group ids. Returns
 * the count, or -1 with e set (class 2).
 */
int client_tls_parse_curves(const char *list, int *groups, int max, struct err *e);

#endif
