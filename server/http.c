/* Responses in one write, the security headers, and the error pages. */
#define _GNU_SOURCE /* strcasestr */
#include "http.h"

#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <civetweb.h>

#include "conn.h"
#include "log.h"
#include "pages.h"
#include "tls.h"

#define HTTP_HEAD_MAX  2048
#define HTTP_ONE_WRITE 16384 /* bodies up to this go out with the headers on the stack */

static atomic_int http_draining;

void
server_http_drain(void)
{
	atomic_store(&http_draining, 1);
}

int
server_http_draining(void)
{
	return atomic_load(&http_draining);
}

const char *
server_http_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 408:
		return "Request Timeout";
	case 411:
		return "Length Required";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 501:
		return "Not Implemented";
	case 503:
		return "Service Unavailable";
	case 505:
		return "HTTP Version Not Supported";
	default:
		return "Unknown";
	}
}

/* RFC 9110 section 5.6.7 IMF-fixdate, formatted once per second per worker. */
static const char *
http_date(void)
{
	static _Thread_local char buf[40];
	static _Thread_local time_t last;
	time_t now = time(NULL);
	struct tm tm;

	if (now != last && gmtime_r(&now, &tm) != NULL) {
		strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &tm);
		last = now;
	}
	return buf;
}

static int
http_closes(int status)
{
	if (atomic_load(&http_draining))
		return 1;
	return status == 400 || status == 408 || status == 413 || status == 431 || status == 501 ||
	       status == 503 || status == 505;
}

/* Does the request end the connection: "Connection: close", or HTTP/1.0 without keep-alive? */
static int
http_client_closes(const struct mg_connection *conn)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	const char *c = mg_get_header(conn, "Connection");

	if (ri == NULL)
		return 1;
	if (c != NULL && strcasestr(c, "close") != NULL)
		return 1;
	return ri->http_version != NULL && strcmp(ri->http_version, "1.0") == 0 &&
	       (c == NULL || strcasestr(c, "keep-alive") == NULL);
}

static _Thread_local int http_body_consumed;

void
server_http_body_consumed(void)
{
	http_body_consumed = 1;
}

/*
 * A request body nobody read would have to be drained by civetweb before the
 * next request on this connection, whatever its size: close instead.
 */
static int
http_unread_body(struct mg_connection *conn)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	int unread = !http_body_consumed && ri != NULL &&
	             (ri->content_length > 0 || mg_get_header(conn, "Transfer-Encoding") != NULL);

	http_body_consumed = 0;
	return unread;
}

int
server_http_write(struct mg_connection *conn, const void *p, size_t n)
{
	return n == 0 || (n <= INT_MAX && mg_write(conn, p, n) == (int)n) ? 0 : -1;
}

void
server_http_sent(struct mg_connection *conn, int status, long long bytes, int rc)
{
	if (rc == -1)
		mg_disable_connection_keep_alive(conn);
	server_log_note(status, rc == -1 ? SERVER_LOG_NOT_SENT : bytes);
}

int
server_http_send(struct mg_connection *conn, int status, const char *type, const char *extra,
                 const void *body, size_t len, int head_only)
{
	char stack[HTTP_HEAD_MAX + HTTP_ONE_WRITE], *out = stack;
	size_t send_len = head_only ? 0 : len;
	int unread = http_unread_body(conn), n, rc;
	int closes = http_closes(status) || unread || http_client_closes(conn);

	n = snprintf(stack, HTTP_HEAD_MAX,
	             "HTTP/1.1 %d %s\r\nDate: %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
	             "%s%s%s\r\n",
	             status, server_http_reason(status), http_date(), type, len,
	             SERVER_SECURITY_HEADERS, extra ? extra : "",
	             closes ? "Connection: close\r\n" : "");
	if (n < 0 || n >= HTTP_HEAD_MAX)
		return -1;
	if (closes)
		mg_disable_connection_keep_alive(conn);
	if ((size_t)n + send_len > sizeof(stack) && (out = malloc((size_t)n + send_len)) != NULL)
		memcpy(out, stack, (size_t)n);
	if (out != NULL) {
		/* Headers and body in one write: one TLS record, one send, no Nagle wait. */
		if (send_len > 0)
			memcpy(out + n, body, send_len);
		rc = server_http_write(conn, out, (size_t)n + send_len);
		if (out != stack)
			free(out);
	} else if ((rc = server_http_write(conn, stack, (size_t)n)) == 0) {
		rc = server_http_write(conn, body, send_len);
	}
	server_http_sent(conn, status, (long long)send_len, rc);
	return status;
}

int
server_http_send_error(struct mg_connection *conn, int status, const char *msg, const char *extra)
{
	char body[256];
	const struct mg_request_info *ri = mg_get_request_info(conn);
	int head =
	        ri != NULL && ri->request_method != NULL && strcmp(ri->request_method, "HEAD") == 0;
	int n = snprintf(body, sizeof(body), "%d %s: %s\n", status, server_http_reason(status),
	                 msg);

	if (n < 0)
		n = 0;
	else if ((size_t)n >= sizeof(body))
		n = (int)sizeof(body) - 1;
	return server_http_send(conn, status, "text/plain; charset=utf-8", extra, body, (size_t)n,
	                        head);
}

int
server_http_error(struct mg_connection *conn, int status, const char *msg)
{
	(void)msg; /* civetweb's text may echo the request; keep ours fixed */
	server_http_send_error(conn, status, "the server could not handle this request", NULL);
	return 0;
}
