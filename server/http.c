/* The request handler, responses in one write, and the error pages. */
#include "http.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <civetweb.h>

#include "chain_page.h"
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
	return status == 400 || status == 408 || status == 413 || status == 431 || status == 503;
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
server_http_send(struct mg_connection *conn, int status, const char *type, const char *extra,
                 const void *body, size_t len, int head_only)
{
	char stack[HTTP_HEAD_MAX + HTTP_ONE_WRITE], *out = stack;
	size_t send_len = head_only ? 0 : len;
	int unread = http_unread_body(conn), closes = http_closes(status) || unread, n;

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
		mg_write(conn, out, (size_t)n + send_len);
		if (out != stack)
			free(out);
	} else {
		mg_write(conn, stack, (size_t)n);
		if (send_len > 0)
			mg_write(conn, body, send_len);
	}
	server_log_note(status, (long long)send_len);
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

static int
http_page(struct mg_connection *conn, const struct server_http *h, const char *method,
          const char *path)
{
	const struct server_page *pg;
	int head = strcmp(method, "HEAD") == 0;

	if (!head && strcmp(method, "GET") != 0)
		return server_http_send_error(conn, 405, "only GET and HEAD here",
		                              "Allow: GET, HEAD\r\n");
	if ((pg = server_pages_find(h->pages, path)) == NULL)
		return server_http_send_error(conn, 404, "no such page", NULL);
	return server_http_send(conn, 200, pg->type, "Cache-Control: no-cache\r\n", pg->body,
	                        pg->len, head);
}

int
server_http_handle(struct mg_connection *conn, void *cbdata)
{
	const struct server_http *h = cbdata;
	const struct mg_request_info *ri = mg_get_request_info(conn);
	char path[2048];

	if (ri == NULL || ri->request_method == NULL)
		return server_http_send_error(conn, 400, "malformed request", NULL);
	if (atomic_load(&http_draining))
		return server_http_send_error(conn, 503, "the server is stopping", NULL);
	/* This connection holds the last free worker: turn it away fast, keep one spare. */
	if (server_tls_active() >= h->threads)
		return server_http_send_error(conn, 503, "all workers are busy; try again",
		                              "Retry-After: 1\r\n");
	if (server_path_clean(ri->request_uri, path, sizeof(path)) == -1)
		return server_http_send_error(conn, 400, "bad path", NULL);
	if (strcmp(path, "/whoami") == 0)
		return server_whoami(conn, h);
	if (strcmp(path, "/echo") == 0)
		return server_echo(conn, h);
	if (strcmp(path, "/chain.html") == 0 && h->chain != NULL)
		return server_chain_page_send(conn, h->chain);
	return http_page(conn, h, ri->request_method, path);
}
