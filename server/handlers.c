/* The two generated pages: /whoami (the visitor's own TLS connection) and POST /echo. */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include <civetweb.h>

#include "buf.h"
#include "conn.h"
#include "http.h"
#include "json.h"
#include "tls.h"
#include "tls_profile.h"

#define WHOAMI_NO_CERT "no client certificate"

static int
whoami_wants_json(struct mg_connection *conn)
{
	const char *accept = mg_get_header(conn, "Accept");

	return accept != NULL && strstr(accept, "application/json") != NULL;
}

static const char *
whoami_cert_mode(const struct server_http *h)
{
	switch (h->client_cert) {
	case SERVER_CLIENT_CERT_REQUIRED:
		return "required";
	case SERVER_CLIENT_CERT_OPTIONAL:
		return "optional";
	default:
		return "not requested";
	}
}

/* Writes "name": value (value as a JSON string) for each of the n fields. */
static void
whoami_json_fields(struct json_writer *j, const char *const (*f)[2], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		json_string_put(j, f[i][0], f[i][1]);
}

/* "negotiation": {...}: what the client offered, the server's order, who decided. */
static void
whoami_json_why(struct json_writer *j, const struct server_tls_why *w)
{
	const char *const why[][2] = {{"client_offered_versions", w->offered_versions},
	                              {"client_offered_ciphers", w->offered_ciphers},
	                              {"client_offered_groups", w->offered_groups},
	                              {"client_key_shares", w->offered_shares},
	                              {"server_ciphers", w->server_ciphers},
	                              {"server_groups", w->server_groups},
	                              {"version_decided_by", w->version},
	                              {"cipher_decided_by", w->cipher},
	                              {"group_decided_by", w->group}};

	json_object_open(j, "negotiation", JSON_LINE);
	whoami_json_fields(j, why, sizeof(why) / sizeof(why[0]));
	json_close(j);
}

/* The JSON page into *out (*len bytes, the caller frees); 0, or -1 out of memory. */
static int
whoami_json(char **out, size_t *len, const struct server_tls_info *t,
            const struct server_tls_why *w, const char *addr, const struct server_http *h)
{
	const char *const tls[][2] = {{"version", t->version},
	                              {"cipher", t->cipher},
	                              {"group", t->group},
	                              {"sni", t->sni}};
	const char *const cert[][2] = {{"subject", t->subject},     {"issuer", t->issuer},
	                               {"serial", t->serial},       {"not_before", t->not_before},
	                               {"not_after", t->not_after}, {"sha256", t->sha256}};
	FILE *f = open_memstream(out, len);
	struct json_writer j;
	int rc;

	if (f == NULL)
		return -1;
	json_writer_init(&j, f);
	json_object_open(&j, NULL, JSON_HANG);
	json_string_put(&j, "remote_addr", addr);
	json_object_open(&j, "tls", JSON_LINE);
	whoami_json_fields(&j, tls, sizeof(tls) / sizeof(tls[0]));
	json_bool_put(&j, "resumed", t->resumed);
	json_close(&j);
	whoami_json_why(&j, w);
	json_string_put(&j, "client_certificate_mode", whoami_cert_mode(h));
	if (t->has_cert) {
		json_object_open(&j, "client_certificate", JSON_LINE);
		whoami_json_fields(&j, cert, sizeof(cert) / sizeof(cert[0]));
		json_close(&j);
	} else {
		json_null_put(&j, "client_certificate");
	}
	json_close(&j);
	fputc('\n', f);
	rc = json_writer_finish(&j);
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

static void
whoami_row(struct server_buf *b, const char *name, const char *value)
{
	server_buf_add(b, "<tr><th>");
	server_buf_html(b, name);
	server_buf_add(b, "</th><td>");
	server_buf_html(b, value && *value ? value : "(none)");
	server_buf_add(b, "</td></tr>\n");
}

/* Who decided the version, the suite and the group, from what the client offered. */
static void
whoami_html_why(struct server_buf *b, const struct server_tls_why *w)
{
	server_buf_add(b, "<h2 id=\"negotiation\">Who picked what</h2>\n"
	                  "<p>The client offers, in its order of preference; the server picks. "
	                  "Here is what your client offered and why the result is what it "
	                  "is.</p>\n<table>\n");
	whoami_row(b, "Versions you offered", w->offered_versions);
	whoami_row(b, "Suites you offered", w->offered_ciphers);
	whoami_row(b, "Groups you support", w->offered_groups);
	whoami_row(b, "Key shares you sent", w->offered_shares);
	whoami_row(b, "The server's suites, in its order", w->server_ciphers);
	whoami_row(b, "The server's groups, in its order", w->server_groups);
	whoami_row(b, "Version: why", w->version);
	whoami_row(b, "Cipher suite: why", w->cipher);
	whoami_row(b, "Group: why", w->group);
	server_buf_add(b, "</table>\n");
}

static void
whoami_html(struct server_buf *b, const struct server_tls_info *t, const struct server_tls_why *w,
            const char *addr, const struct server_http *h)
{
	server_buf_add(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	                  "<meta name=\"viewport\" content=\"width=device-width, "
	                  "initial-scale=1\">"
	                  "<title>Who am I? Your TLS connection</title>"
	                  "<link rel=\"stylesheet\" href=\"/style.css\"></head><body><main>\n"
	                  "<nav><a href=\"/\">Start</a><a href=\"/chain.html\">The certificate "
	                  "chain</a><a href=\"/whoami\">Your connection</a></nav>\n"
	                  "<h1>Your connection, as the server sees it</h1>\n"
	                  "<p>Read by the server from its own TLS session with your browser.</p>\n"
	                  "<h2>The connection</h2>\n<table>\n");
	whoami_row(b, "Your address", addr);
	whoami_row(b, "TLS version", t->version);
	whoami_row(b, "Cipher suite", t->cipher);
	whoami_row(b, "Key-exchange group", t->group);
	whoami_row(b, "Server name you asked for (SNI)", t->sni);
	whoami_row(b, "Session resumed", t->resumed ? "yes (no full handshake)" : "no");
	whoami_row(b, "Client certificates", whoami_cert_mode(h));
	server_buf_add(b, "</table>\n");
	whoami_html_why(b, w);
	server_buf_add(b, "<h2>Your certificate</h2>\n");
	if (!t->has_cert) {
		server_buf_add(b, "<p id=\"client-cert\">" WHOAMI_NO_CERT "</p>\n");
	} else {
		server_buf_add(b, "<table id=\"client-cert\">\n");
		whoami_row(b, "Subject", t->subject);
		whoami_row(b, "Issuer", t->issuer);
		whoami_row(b, "Serial", t->serial);
		whoami_row(b, "Valid from", t->not_before);
		whoami_row(b, "Valid until", t->not_after);
		whoami_row(b, "SHA-256 fingerprint", t->sha256);
		server_buf_add(b, "</table>\n");
	}
	server_buf_add(b, "<p><a href=\"/\">Back to the start</a></p>\n</main></body></html>\n");
}

int
server_whoami(struct mg_connection *conn, const struct server_http *h)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	struct server_buf b = {0};
	struct server_tls_info t;
	struct server_tls_why w;
	int json = whoami_wants_json(conn), head, status, oom;
	char *page = NULL;
	size_t len = 0;

	head = strcmp(ri->request_method, "HEAD") == 0;
	if (!head && strcmp(ri->request_method, "GET") != 0)
		return server_http_send_error(conn, 405, "only GET and HEAD here",
		                              "Allow: GET, HEAD\r\n");
	server_tls_describe(server_tls_current(), &t);
	server_tls_profile_explain(server_tls_current(), &w);
	if (json) {
		oom = whoami_json(&page, &len, &t, &w, ri->remote_addr, h) == -1;
	} else {
		whoami_html(&b, &t, &w, ri->remote_addr, h);
		oom = b.oom;
	}
	if (oom)
		status = server_http_send_error(conn, 500, "out of memory", NULL);
	else
		status = server_http_send(conn, 200,
		                          json ? "application/json" : "text/html; charset=utf-8",
		                          "Cache-Control: no-store\r\nVary: Accept\r\n",
		                          json ? page : b.p, json ? len : b.len, head);
	free(page);
	server_buf_free(&b);
	return status;
}

/* Reads the body into *out (NUL-terminated). Returns its length, -1 over the cap, -2 on OOM. */
static long
echo_read_body(struct mg_connection *conn, char **out)
{
	char *body = malloc(SERVER_ECHO_MAX_BODY + 1);
	size_t got = 0;
	int n;

	*out = body;
	if (body == NULL)
		return -2;
	/* Read one byte past the cap to tell "exactly the cap" from "too much". */
	while (got <= SERVER_ECHO_MAX_BODY &&
	       (n = mg_read(conn, body + got, SERVER_ECHO_MAX_BODY + 1 - got)) > 0)
		got += (size_t)n;
	body[got > SERVER_ECHO_MAX_BODY ? SERVER_ECHO_MAX_BODY : got] = '\0';
	return got > SERVER_ECHO_MAX_BODY ? -1 : (long)got;
}

/*
 * Answers 413 after reading and dropping at most SERVER_ECHO_DRAIN_MAX more
 * bytes of the body: closing with unread bytes in the socket sends a TCP reset,
 * which can destroy the response before a client still uploading reads it.
 * Larger bodies are not waited for; the connection closes either way.
 */
static int
echo_too_large(struct mg_connection *conn)
{
	char sink[4096];
	size_t dropped = 0;
	int n;

	while (dropped < SERVER_ECHO_DRAIN_MAX && (n = mg_read(conn, sink, sizeof(sink))) > 0)
		dropped += (size_t)n;
	return server_http_send_error(conn, 413, "at most 65536 bytes", NULL);
}

/* Sends "you said: <body>" and who sent it. body holds len bytes (NUL-terminated). */
static int
echo_reply(struct mg_connection *conn, const char *addr, const char *body, long len)
{
	struct server_buf b = {0};
	struct server_tls_info t;
	int status;

	server_tls_describe(server_tls_current(), &t);
	server_buf_printf(&b, "the server received %ld bytes from %s (%s):\n", len, addr,
	                  t.has_cert ? t.subject : WHOAMI_NO_CERT);
	server_buf_add(&b, "you said: ");
	/* Bytes as sent, but served as text/plain with nosniff: never rendered as HTML. */
	if (len > 0 && memchr(body, '\0', (size_t)len) == NULL)
		server_buf_add(&b, body);
	server_buf_add(&b, "\n");
	if (b.oom)
		status = server_http_send_error(conn, 500, "out of memory", NULL);
	else
		status = server_http_send(conn, 200, "text/plain; charset=utf-8",
		                          "Cache-Control: no-store\r\n", b.p, b.len, 0);
	server_buf_free(&b);
	return status;
}

int
server_echo(struct mg_connection *conn, const struct server_http *h)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	char *body = NULL;
	long len;
	int status, bad;

	(void)h;
	if (strcmp(ri->request_method, "POST") != 0)
		return server_http_send_error(conn, 405, "POST a message to /echo",
		                              "Allow: POST\r\n");
	/* A declared size far beyond the cap is refused at once, without reading. */
	if (ri->content_length > SERVER_ECHO_MAX_BODY + SERVER_ECHO_DRAIN_MAX)
		return server_http_send_error(conn, 413, "at most 65536 bytes", NULL);
	if (ri->content_length > SERVER_ECHO_MAX_BODY)
		return echo_too_large(conn);
	len = echo_read_body(conn, &body);
	/* A body cut short (deadline, bad chunk, client gone) is never answered 200. */
	bad = server_conn_body_status();
	if (bad == 0 && len >= 0 && ri->content_length >= 0 && len < ri->content_length)
		bad = 400;
	if (bad != 0) {
		status = server_http_send_error(conn, bad, "the request body did not arrive whole",
		                                bad == 503 ? "Retry-After: 1\r\n" : NULL);
	} else if (len >= 0) {
		server_http_body_consumed();
		status = echo_reply(conn, ri->remote_addr, body, len);
	} else if (len == -1) {
		status = echo_too_large(conn);
	} else {
		status = server_http_send_error(conn, 500, "out of memory", NULL);
	}
	free(body);
	return status;
}
