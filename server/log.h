/*
 * The access log: one line per request in Combined Log Format, written with
 * a single write(2) so lines from different workers never interleave. Request
 * fields are escaped (quotes, backslashes, control bytes as \xHH); no header
 * but Referer and User-Agent is ever logged, so no secret can reach the log.
 */
#ifndef SERVER_LOG_H
#define SERVER_LOG_H

#include <stddef.h>

#include "err.h"

struct mg_connection;
struct server_log;

/*
 * Opens the log named by spec: "-" for stdout, "off" for none, else a file
 * (appended, created with mode 0640). Returns 0 with *out set (NULL for
 * "off"), or -1 with e set.
 */
int server_log_open(struct server_log **out, const char *spec, struct err *e);

/* Closes l. NULL is fine. */
void server_log_close(struct server_log *l);

/* Bytes for server_log_note: the response was not sent whole (logged as "-"). */
#define SERVER_LOG_NOT_SENT (-1LL)

/*
 * Records, for the calling worker, the status and body bytes of the response
 * just sent, or SERVER_LOG_NOT_SENT when writing it failed.
 */
void server_log_note(int status, long long bytes);

/*
 * Writes the line for the request conn has just finished; status is the one
 * civetweb reports (used when no server_log_note preceded, i.e. for responses
 * civetweb sent itself). NULL l is fine (no log).
 */
void server_log_access(struct server_log *l, const struct mg_connection *conn, int status);

/*
 * Logs a request civetweb never saw (refused or answered by the strict
 * framing layer, conn.c): fields as parsed, "-" when unknown.
 */
void server_log_raw(struct server_log *l, const char *addr, const char *method, const char *target,
                    const char *version, int status, long long bytes);

/* The IPv4 address of the peer of socket fd, as text into addr, or "-". */
void server_log_peer(int fd, char *addr, size_t size);

/*
 * May one more message go to stderr this second? At most
 * SERVER_LOG_MESSAGES_PER_S a second (server.h): an attack must not flood it.
 */
int server_log_rate_ok(void);

/*
 * Formats one Combined Log Format line (without newline) into buf. Exposed
 * for the unit tests. Returns the length written.
 */
size_t server_log_format(char *buf, size_t size, const char *addr, long long when,
                         const char *method, const char *uri, const char *query,
                         const char *version, int status, long long bytes, const char *referer,
                         const char *agent);

#endif
