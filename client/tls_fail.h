/* Classifying a failed handshake or TLS read/write: certificate checks, timeouts, alerts. */
#ifndef CLIENT_TLS_FAIL_H
#define CLIENT_TLS_FAIL_H

#include "err.h"

/* The RFC 8446 name of a TLS alert description ("unknown_ca"), or "alert". Static text. */
const char *client_tls_alert_name(int code);

struct client_tls;

/*
 * wolfSSL refuses some certificates before it calls the verify callback (a
 * critical extension it does not know, name constraints on a leaf): then the
 * chain it kept (SESSION_CERTS) is judged here instead, so the verdict and
 * its reason are still the policy's. Returns 1 when the policy ran.
 */
int client_tls_policy_after_failure(struct client_tls *t);

/*
 * wolfSSL refused the server's certificate before the verify callback, and
 * the policy, run after (client_tls_policy_after_failure), passed the chain:
 * says so in e, as a limit of the library, not a fault. Returns -1.
 */
int client_tls_library_refused(struct client_tls *t, int ret, struct err *e);

/*
 * Turns the failed wolfSSL call's result ret (during: what we were doing)
 * into e: a certificate check that failed, a timeout, an alert from the
 * server (client certificate required, protocol version, handshake
 * failure), or another error. Returns -1.
 */
int client_tls_failure(struct client_tls *t, int ret, const char *during, struct err *e);

#endif
