/*
 * Writing responses: headers and body in a single write, and the security
 * headers on every response, including civetweb's own error responses
 * (civetweb adds none to handler responses: docs/architecture.md fact 4).
 * Which response a request gets is router.c's business.
 */
#ifndef SERVER_HTTP_H
#define SERVER_HTTP_H

#include <stddef.h>

#include "server.h"

struct mg_connection;
struct server_pages;
struct server_chain_page;

/* What the handlers share; lives as long as the civetweb context. */
struct server_http {
	const struct server_pages *pages;
	long threads;
	enum server_client_cert client_cert;
	struct server_chain_page *chain; /* /chain.html, built from the real chain */
};

/* The security headers sent with every response (each line ends in CRLF). */
#define SERVER_SECURITY_HEADERS                                          \
	"Strict-Transport-Security: max-age=" SERVER_HSTS_MAX_AGE "\r\n" \
	"X-Content-Type-Options: nosniff\r\n"                            \
	"Content-Security-Policy: default-src 'self'\r\n"                \
	"Referrer-Policy: no-referrer\r\n"                               \
	"X-Frame-Options: DENY\r\n"

/*
 * Writes the n bytes at p to conn whole (mg_write). Returns 0, or -1 when
 * the write failed or fell short.
 */
int server_http_write(struct mg_connection *conn, const void *p, size_t n);

/*
 * Records a response for the access log: status and body bytes when rc is 0;
 * when rc is -1 (a write failed) the bytes as not sent ("-") and the
 * connection closed after this request.
 */
void server_http_sent(struct mg_connection *conn, int status, long long bytes, int rc);

/* civetweb http_error callback: sends our own error page. Returns 0 (handled). */
int server_http_error(struct mg_connection *conn, int status, const char *msg);

/*
 * Sends a complete response: status line, Date, Content-Type, Content-Length,
 * the security headers, extra (zero or more CRLF-terminated lines, may be
 * NULL), then body unless head_only. Statuses that end the conversation
 * (400, 408, 413, 503) close the connection. A write that fails (the client
 * gone) closes the connection and is logged as not sent (server_http_sent).
 * Returns status.
 */
int server_http_send(struct mg_connection *conn, int status, const char *type, const char *extra,
                     const void *body, size_t len, int head_only);

/* Tells server_http_send that the handler read the whole request body (keep-alive is safe). */
void server_http_body_consumed(void);

/* Sends a short text/plain error. Returns status. */
int server_http_send_error(struct mg_connection *conn, int status, const char *msg,
                           const char *extra);

/*
 * Starts draining for a graceful stop: requests already being handled finish,
 * each response closes its connection, and new requests get a quick 503.
 */
void server_http_drain(void);

/* 1 once server_http_drain was called. */
int server_http_draining(void);

/* Reason phrase for status ("Unknown" for others). */
const char *server_http_reason(int status);

#endif
