/* The TLS options a user can get wrong: --ciphers, --tls13-ciphers, --pinnedpubkey, --curves. */
#ifndef CLIENT_TLS_OPTS_H
#define CLIENT_TLS_OPTS_H

#include <stddef.h>

#include "err.h"

/*
 * Checks a --ciphers list (TLS 1.2 names, ':'-separated): only ECDHE key
 * exchange with an AEAD cipher, unless insecure; anonymous and NULL suites
 * never. Returns 0, or -1 with e set (class 2).
 */
int client_tls_check_ciphers(const char *list, int insecure, struct err *e);

/*
 * --tls13-ciphers: maps list (IANA names as curl takes them, or wolfSSL's
 * TLS13-* names, ':'-separated) to wolfSSL's names in out. Returns 0, or -1
 * with e set (class 2) on an unknown or empty list.
 */
int client_tls_tls13_suites(const char *list, char *out, size_t size, struct err *e);

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
