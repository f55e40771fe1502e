/*
 * TLS for the client, the one file that talks to wolfSSL. Debian's wolfSSL
 * 5.5.4 verifies nothing by default and offers weak and anonymous suites
 * (DESIGN.md fact 5), so every safe setting is made here explicitly:
 * TLS 1.3 (1.2 only on request, with ECDHE AEAD suites), VERIFY_PEER against
 * only the chosen CA, a host-name check on every connection, SNI, groups
 * X25519/P-256, minimum key sizes. Every failure is classified into one of
 * the exit codes of client.h with a message naming the failed check and a fix.
 */
#ifndef CLIENT_TLS_H
#define CLIENT_TLS_H

#include <stddef.h>

#include "client.h"
#include "err.h"
#include "net.h"
#include "report.h"
#include "url.h"

struct client_tls;

/*
 * Makes the TLS context from cfg: versions, suites, groups, trust anchors,
 * client certificate and key (the passphrase is wiped once the key is
 * loaded), pins. Returns 0 and *out (free with client_tls_free), or -1 with
 * e set (class 2 for bad options, 24 for unreadable files).
 */
int client_tls_new(struct client_tls **out, const struct client_config *cfg,
                   struct client_report *rep, struct err *e);

/*
 * Runs the handshake over c for u (resuming the previous session when there
 * is one), reports what was negotiated and each check in rep, and enforces
 * the pins. Returns 0, or -1 with e set and classified.
 */
int client_tls_handshake(struct client_tls *t, struct client_conn *c, const struct client_url *u,
                         struct err *e);

/* Reads up to n bytes: the count, 0 at the end of the stream, or -1 with e set. */
long client_tls_read(struct client_tls *t, void *buf, size_t n, struct err *e);

/* Writes all n bytes. Returns 0, or -1 with e set. */
int client_tls_write(struct client_tls *t, const void *buf, size_t n, struct err *e);

/* Keeps the session for --reconnect, sends close_notify, frees the connection state. */
void client_tls_end(struct client_tls *t);

/* Frees t (NULL is fine). */
void client_tls_free(struct client_tls *t);

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
