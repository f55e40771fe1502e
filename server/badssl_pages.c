/* The badssl mode's pages: the index of every case, and the page each case's host shows. */
#include "badssl_pages.h"

#include "badssl.h"
#include "badssl_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <civetweb.h>

#include "http.h"
#include "pages.h"
#include "tls.h"

struct badssl_buf {
	char *s;
	size_t len, cap;
	int failed;
};

static void
badssl_put(struct badssl_buf *b, const char *s, size_t n)
{
	char *p;

	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		if ((p = realloc(b->s, b->cap + n + 8192)) == NULL) {
			b->failed = 1;
			return;
		}
		b->s = p;
		b->cap += n + 8192;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Appends s with the HTML special characters escaped. */
static void
badssl_esc(struct badssl_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			badssl_put(b, "&amp;", 5);
			break;
		case '<':
			badssl_put(b, "&lt;", 4);
			break;
		case '>':
			badssl_put(b, "&gt;", 4);
			break;
		case '"':
			badssl_put(b, "&quot;", 6);
			break;
		default:
			badssl_put(b, s, 1);
		}
	}
}

/* Appends fmt, where each %s argument is escaped (only %s is supported). */
static void
badssl_html(struct badssl_buf *b, const char *fmt, ...)
{
	const char *p;
	va_list ap;

	va_start(ap, fmt);
	for (p = fmt; *p; p++) {
		if (p[0] == '%' && p[1] == 's') {
			badssl_esc(b, va_arg(ap, const char *));
			p++;
		} else {
			badssl_put(b, p, 1);
		}
	}
	va_end(ap);
}

/* The head of every other page: the demo's one stylesheet (server/www/style.css). */
static const char badssl_head[] =
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>%s</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body><main>\n";

/* The URL of a case on this server ("" for a case not served here). */
static void
badssl_url(const struct server_badssl *b, const struct badssl_entry *c, char *buf, size_t size)
{
	if (c->ctx == NULL)
		snprintf(buf, size, "https://[%s]:PORT/", c->host);
	else
		snprintf(buf, size, "https://%s:%ld/", c->host, b->port);
}

static void
badssl_row(struct badssl_buf *p, const struct server_badssl *b, const struct badssl_entry *c)
{
	char url[512];

	badssl_url(b, c, url, sizeof(url));
	badssl_html(p, "<tr id=\"case-%s\"><td>%s</td><td>", c->name, c->name);
	if (c->ctx != NULL)
		badssl_html(p, "<a href=\"%s\">%s</a>", url, url);
	else
		badssl_html(p,
		            "%s (not served here: this server has no IPv6; use openssl s_server "
		            "-accept '[::1]:PORT' with the case's files)",
		            url);
	badssl_html(p, "</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s%s%s</td></tr>\n",
	            c->expect, c->client_exit, c->chromium, c->rule, c->note,
	            strcmp(c->lenient, "-") ? ". Chromium is more lenient: " : "",
	            strcmp(c->lenient, "-") ? c->lenient : "");
}

static int
badssl_index_page(struct server_badssl *b, struct err *e)
{
	struct badssl_buf p = {NULL, 0, 0, 0};
	int i;

	badssl_html(&p, badssl_head, "A local badssl.com");
	badssl_html(&p, "<h1>A local badssl.com</h1>\n<p>Each link below is served with a "
	                "certificate broken in one way (or, for the controls, a good one). "
	                "Trust <code>roots.pem</code> of the set, visit a case, and compare what "
	                "your browser says with the table: the verdict every verifier must reach, "
	                "the exit code of <code>https_client</code>, and the error Chromium "
	                "shows. This server listens on loopback only.</p>\n");
	badssl_html(&p, "<table id=\"cases\"><tr><th>case</th><th>URL</th><th>verdict</th>"
	                "<th>https_client exit</th><th>Chromium</th><th>rule</th><th>what it "
	                "teaches</th></tr>\n");
	for (i = 0; i < b->n; i++)
		badssl_row(&p, b, &b->c[i]);
	badssl_html(&p, "</table>\n</main></body></html>\n");
	if (p.failed) {
		free(p.s);
		return err_set(e, "out of memory");
	}
	b->index_page = p.s;
	b->index_len = p.len;
	return 0;
}

static int
badssl_case_page(struct badssl_entry *c, struct err *e)
{
	struct badssl_buf p = {NULL, 0, 0, 0};
	int accept = strcmp(c->expect, "accept") == 0;

	badssl_html(&p, badssl_head, c->name);
	badssl_html(&p, "<h1>badssl case <span id=\"badssl-case\">%s</span></h1>\n", c->name);
	badssl_html(
	        &p,
	        "<p>You see this page, so your client accepted this case's certificate. %s</p>\n",
	        accept ? "Right: it is a good chain every client must accept."
	               : "It should not have: this certificate breaks a rule.");
	badssl_html(
	        &p,
	        "<p>Rule %s: %s.</p>\n<p>Expected: %s; https_client exit %s; Chromium %s.</p>\n",
	        c->rule, c->note, c->expect, c->client_exit, c->chromium);
	if (strcmp(c->lenient, "-") != 0)
		badssl_html(&p, "<p>Chromium is knowingly more lenient here: %s.</p>\n",
		            c->lenient);
	badssl_html(&p, "</main></body></html>\n");
	if (p.failed) {
		free(p.s);
		return err_set(e, "out of memory");
	}
	c->page = p.s;
	c->page_len = p.len;
	return 0;
}

int
server_badssl_pages(struct server_badssl *b, struct err *e)
{
	int i;

	for (i = 0; i < b->n; i++)
		if (b->c[i].ctx != NULL && badssl_case_page(&b->c[i], e) == -1)
			return -1;
	return badssl_index_page(b, e);
}

/* GET / on any host: the case the TLS layer chose for this connection, else the index. */
static int
badssl_handle(struct mg_connection *conn, void *cbdata)
{
	struct server_badssl *b = cbdata;
	const struct mg_request_info *ri = mg_get_request_info(conn);
	SSL *ssl = server_tls_current();
	const struct badssl_entry *c = NULL;
	const struct server_page *css;
	const char *uri;
	int head = strcmp(ri->request_method, "HEAD") == 0;

	if (!head && strcmp(ri->request_method, "GET") != 0)
		return server_http_send_error(conn, 405, "only GET and HEAD here",
		                              "Allow: GET, HEAD\r\n");
	uri = ri->local_uri_raw ? ri->local_uri_raw : ri->local_uri;
	if (strcmp(uri, "/style.css") == 0 &&
	    (css = server_pages_find(b->pages, "/style.css")) != NULL)
		return server_http_send(conn, 200, css->type, "Cache-Control: no-store\r\n",
		                        css->body, css->len, head);
	if (strcmp(uri, "/") != 0)
		return server_http_send_error(conn, 404, "the badssl pages live at / only", NULL);
	if (ssl != NULL)
		c = SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), b->ex_idx);
	if (c != NULL)
		return server_http_send(conn, 200, "text/html; charset=utf-8",
		                        "Cache-Control: no-store\r\n", c->page, c->page_len, head);
	return server_http_send(conn, 200, "text/html; charset=utf-8",
	                        "Cache-Control: no-store\r\n", b->index_page, b->index_len, head);
}

void
server_badssl_attach_http(struct server_badssl *b, struct mg_context *ctx,
                          const struct server_pages *pages)
{
	b->pages = pages;
	mg_set_request_handler(ctx, "/", badssl_handle, b);
}
