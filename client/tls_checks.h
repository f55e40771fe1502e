/* After a successful handshake: the report of each check, and the pins. */
#ifndef CLIENT_TLS_CHECKS_H
#define CLIENT_TLS_CHECKS_H

#include "err.h"

struct client_tls;

/* Reports the checks that passed after a successful handshake, then checks the pins. */
int client_tls_report_checks(struct client_tls *t, struct err *e);

#endif
