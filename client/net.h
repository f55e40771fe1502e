/*
 * TCP for the client: name resolution (with --resolve overrides), a connect
 * bounded by --connect-timeout and --max-time, and waiting on the socket
 * against the overall deadline.
 */
#ifndef CLIENT_NET_H
#define CLIENT_NET_H

#include "client.h"
#include "err.h"
#include "report.h"
#include "url.h"

struct client_conn {
	int fd;          /* non-blocking socket, -1 when closed */
	double deadline; /* monotonic seconds after which I/O fails; 0: none */
	int timed_out;   /* set when an operation ran out of time */
};

/*
 * Resolves u's host (or its --resolve entry), connects to the first address
 * that answers, and records the address and the timings in rep. Returns 0,
 * or -1 with e set (class 3, 4 or 5).
 */
int client_net_connect(struct client_conn *c, const struct client_url *u,
                       const struct client_config *cfg, struct client_report *rep, struct err *e);

/*
 * Waits until the socket is ready for events (POLLIN or POLLOUT) or the
 * deadline passes. Returns 0, or -1 with timed_out set.
 */
int client_net_wait(struct client_conn *c, short events);

/* Closes the socket; safe to call twice. */
void client_net_close(struct client_conn *c);

/*
 * Finds the --resolve entry ("HOST:PORT:ADDR") for host and port and copies
 * ADDR (brackets removed) to addr. Returns 1 if found, 0 if not, -1 with e
 * set when an entry is malformed.
 */
int client_net_resolve_override(const struct client_config *cfg, const char *host, unsigned port,
                                char *addr, size_t size, struct err *e);

#endif
