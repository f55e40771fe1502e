/*
 * Connections under civetweb's workers: phases, deadlines, shedding, and the
 * strict framing layer, all on the one seam civetweb is built to load: the
 * libssl it dlopen()s, which is our compat library (compat/io_hooks.h). Every
 * hook runs on the worker that holds the connection.
 *
 * Each connection a worker holds is in one phase: handshake, idle (between
 * requests), head (part of a request head received), body (request body
 * being read), busy (the handler runs). Every phase but busy has a deadline;
 * a reaper thread cuts a connection whose deadline passed (shutdown() wakes
 * the worker wherever it waits). When a worker takes a new connection and
 * the workers are nearly all taken, the oldest idle connection is shed, then one
 * still in its handshake, then a slow head, and last a body that has taken
 * more than a second; a busy handler is never interrupted.
 */
#ifndef SERVER_CONN_H
#define SERVER_CONN_H

#include "err.h"

struct server_log;
struct server_tls;

struct server_conn_limits {
	long handshake_ms; /* TCP accept to handshake done */
	long head_ms;      /* first byte of a request head to its end */
	long body_ms;      /* the whole request body */
	long idle_ms;      /* keep-alive: response sent to next request's first byte */
	long threads;      /* most workers (connections held at once) */
	long port;         /* ours, for absolute-form targets */
};

/*
 * Installs the I/O hooks and starts the reaper. log may be NULL; tls decides
 * which host names are ours. Returns 0, or -1 with e set.
 */
int server_conn_start(const struct server_conn_limits *l, struct server_log *log,
                      const struct server_tls *tls, struct err *e);

/* Stops the reaper (after mg_stop). */
void server_conn_stop(void);

/* The calling worker sent its response: the connection is idle until the next request. */
void server_conn_request_done(void);

/*
 * Why the request body being read on this worker ended early: 0 (it did
 * not), 400 (malformed chunked framing, or the client closed), 408 (the body
 * deadline passed), 503 (shed for a new connection).
 */
int server_conn_body_status(void);

/* TLS connections a worker holds (bound by SSL_set_fd, not yet freed). */
long server_conn_active(void);

/* Set when every worker is taken by a request in progress: answer 503 with Retry-After. */
int server_conn_overloaded(void);

#endif
