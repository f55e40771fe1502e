/*
 * Names of TLS code points as /whoami shows them: groups by their IANA TLS
 * registry names (x25519, secp256r1, X25519MLKEM768, ...), cipher suites by
 * their RFC names, GREASE values (RFC 8701) named as such, and anything else
 * as "unassigned or unknown (0xNNNN)". The one table of group names.
 */
#ifndef SERVER_TLS_NAMES_H
#define SERVER_TLS_NAMES_H

#include <stddef.h>

/* Room for any name below, with its code. */
#define SERVER_TLS_NAME_MAX 80

/* The text a GREASE value (0x?a?a, RFC 8701) is shown as. */
#define SERVER_TLS_GREASE "GREASE (RFC 8701: a placeholder that keeps servers tolerant)"

/* 1 when v is a GREASE value of RFC 8701 (0x0a0a, 0x1a1a, ... 0xfafa). */
int server_tls_names_grease(unsigned v);

/* The group's name; buf (size bytes) holds it when it is not a constant. */
const char *server_tls_names_group(unsigned id, char *buf, size_t size);

/* The code point of the group OpenSSL calls nid (SSL_get_negotiated_group), 0 when unknown. */
unsigned server_tls_names_group_id(int nid);

/* The IANA name of a group named as OpenSSL's --groups takes it (P-256, X25519, ...). */
const char *server_tls_names_group_text(const char *name, size_t len, char *buf, size_t size);

/* The suite's RFC name, looked up in the OpenSSL of the connection ssl. */
const char *server_tls_names_suite(void *ssl, unsigned id, char *buf, size_t size);

#endif
