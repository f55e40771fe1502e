/*
 * One run of the client: connect, handshake, request, response, following
 * same-origin redirects with -L and reconnecting (resuming) with --reconnect.
 */
#ifndef CLIENT_FETCH_H
#define CLIENT_FETCH_H

#include "client.h"
#include "err.h"
#include "report.h"

/*
 * Fetches cfg->url as the options say, writing the body (and headers with
 * -i/-I) to stdout or -o, and the trace to stderr with -v. rep receives what
 * happened. Returns 0, or -1 with e set; e->code is the exit code.
 */
int client_fetch(const struct client_config *cfg, struct client_report *rep, struct err *e);

#endif
