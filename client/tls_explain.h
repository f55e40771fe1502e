/* The message, fix and exit code for a failed certificate check. */
#ifndef CLIENT_TLS_EXPLAIN_H
#define CLIENT_TLS_EXPLAIN_H

#include "err.h"

struct client_tls;
struct client_tls_failure;

/*
 * Turns verification failure f into e: the message names the failed check
 * and the certificate, the fix says what to do, the code is the class.
 */
int client_tls_verify_error(const struct client_tls *t, const struct client_tls_failure *f,
                            struct err *e);

#endif
