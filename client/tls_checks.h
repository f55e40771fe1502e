/* The checks of a handshake: each one's result, the report of it, and the pins. */
#ifndef CLIENT_TLS_CHECKS_H
#define CLIENT_TLS_CHECKS_H

#include "err.h"

struct client_tls;

/*
 * Decides each check of the handshake (trust, validity, name, usage,
 * policy) from the policy's verdict, and from wolfSSL's findings for a check
 * the policy passed; records each in the report, one line each with -v
 * (ok, FAILED, or not checked). Call once the policy ran.
 */
void client_tls_record_checks(struct client_tls *t);

/* The first check that failed, in the order above (its message, fix and code), or NULL. */
const struct err *client_tls_first_failed(const struct client_tls *t);

/*
 * After a successful handshake: refuses a server without a certificate;
 * with --insecure, warns once about each failed check; then checks the pins.
 * Returns 0 or -1 with e set.
 */
int client_tls_report_checks(struct client_tls *t, struct err *e);

#endif
