#include "fetch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "http.h"
#include "http_request.h"
#include "net.h"
#include "tls.h"
#include "url.h"

struct fetch {
	const struct client_config *cfg;
	struct client_report *rep;
	struct client_tls *tls;
	struct client_conn conn;
	struct client_http_reader reader;
	struct client_http_response *resp;
	char *body; /* -d data */
	size_t body_len;
	const char *method;
	FILE *out;   /* stdout or -o, opened on the first byte */
	int discard; /* do not write this response (redirect, reconnect, --fail) */
	int got_first_byte;
};

/*
 * --max-time bounds the whole transfer: the socket waits check it only when no
 * data is ready, so a server that keeps sending is checked here, on every read.
 */
static int
fetch_out_of_time(struct fetch *f, struct err *e)
{
	if (f->conn.deadline <= 0 || client_now() < f->conn.deadline)
		return 0;
	f->conn.timed_out = 1;
	err_set(e, "timeout while receiving the response (--max-time %.1f s)",
	        (double)f->cfg->max_time_ms / 1000.0);
	err_fix(e, "the server kept sending past the limit: raise --max-time, or check the URL");
	return err_code(e, DEMO_EXIT_TIMEOUT);
}

static long
fetch_read(void *ctx, void *buf, size_t n, struct err *e)
{
	struct fetch *f = ctx;
	long got;

	if (fetch_out_of_time(f, e) == -1)
		return -1;
	got = client_tls_read(f->tls, buf, n, e);

	if (got > 0 && !f->got_first_byte) {
		f->got_first_byte = 1;
		f->rep->t_first_byte = client_now() - f->rep->start;
	}
	return got;
}

static int
fetch_open_output(struct fetch *f, struct err *e)
{
	if (f->out != NULL)
		return 0;
	if (f->cfg->output == NULL || strcmp(f->cfg->output, "-") == 0) {
		f->out = stdout;
		return 0;
	}
	f->out = fopen(f->cfg->output, "wb");
	if (f->out == NULL) {
		err_set_errno(e, "cannot write '%s'", f->cfg->output);
		err_fix(e, "check the directory exists and is writable");
		return err_code(e, DEMO_EXIT_FILE);
	}
	return 0;
}

static int
fetch_sink(void *ctx, const void *data, size_t n, struct err *e)
{
	struct fetch *f = ctx;

	f->rep->body_bytes += n;
	if (f->discard)
		return 0;
	if (fetch_open_output(f, e) == -1)
		return -1;
	if (fwrite(data, 1, n, f->out) != n) {
		err_set_errno(e, "cannot write the body to %s",
		              f->cfg->output ? f->cfg->output : "stdout");
		return err_code(e, DEMO_EXIT_FILE);
	}
	return 0;
}

static int
fetch_load_data(struct fetch *f, struct err *e)
{
	const char *d = f->cfg->data;

	if (d == NULL)
		return 0;
	if (d[0] != '@') {
		f->body_len = strlen(d);
		f->body = malloc(f->body_len + 1);
		if (f->body == NULL)
			return err_set(e, "out of memory");
		memcpy(f->body, d, f->body_len + 1);
		return 0;
	}
	if (file_read_all(d + 1, CLIENT_DATA_MAX, &f->body, &f->body_len, e) == -1) {
		err_prefix(e, "-d");
		return err_code(e, DEMO_EXIT_FILE);
	}
	return 0;
}

/* Prints each line of a head with prefix (for -v). */
static void
fetch_trace_head(const struct client_report *rep, char prefix, const char *head, size_t len)
{
	const char *p = head, *end = head + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		client_report_step(rep, prefix, "%.*s", (int)(nl - p - (nl > p && nl[-1] == '\r')),
		                   p);
		p = nl + 1;
	}
}

static int
fetch_send_request(struct fetch *f, const struct client_url *u, struct err *e)
{
	char req[CLIENT_HTTP_REQUEST_MAX], host[CLIENT_URL_HOST_MAX + 16];
	int len;

	if (u->port == 443)
		snprintf(host, sizeof(host), u->ip == 6 ? "[%s]" : "%s", u->host);
	else
		client_url_authority(u, host, sizeof(host));
	len = client_http_format_request(req, sizeof(req), f->method, u->path, host,
	                                 f->cfg->headers, f->cfg->nheaders,
	                                 f->cfg->data ? (long long)f->body_len : -1, e);
	if (len == -1)
		return -1;
	fetch_trace_head(f->rep, '>', req, (size_t)len - 2);
	if (client_tls_write(f->tls, req, (size_t)len, e) == -1)
		return -1;
	if (f->body_len > 0 && client_tls_write(f->tls, f->body, f->body_len, e) == -1)
		return -1;
	return 0;
}

static int
fetch_head(struct fetch *f, struct err *e)
{
	struct client_http_response *resp = f->resp;
	int headers_out = f->cfg->include || f->cfg->head;

	if (client_http_read_head(&f->reader, resp, strcmp(f->method, "HEAD") == 0, e) == -1)
		return -1;
	f->rep->http_status = resp->status;
	fetch_trace_head(f->rep, '<', resp->raw, resp->raw_len > 2 ? resp->raw_len - 2 : 0);
	if (f->cfg->fail && resp->status >= 400)
		f->discard = 1;
	if (f->cfg->location && resp->status >= 300 && resp->status < 400 &&
	    client_http_header(resp, "Location") != NULL)
		f->discard = 1; /* -L shows the final response only, as curl */
	/* As curl: -o FILE is created once a response is accepted, even with an empty body. */
	if (!f->discard && fetch_open_output(f, e) == -1)
		return -1;
	if (headers_out && !f->discard) {
		if (fwrite(resp->raw, 1, resp->raw_len, f->out) != resp->raw_len) {
			err_set_errno(e, "cannot write the headers");
			return err_code(e, DEMO_EXIT_FILE);
		}
	}
	return 0;
}

/*
 * TCP connect and TLS handshake, both within --connect-timeout (and within
 * --max-time when that ends first); afterwards only --max-time applies.
 */
static int
fetch_connect(struct fetch *f, const struct client_url *u, struct err *e)
{
	double overall = f->conn.deadline,
	       setup = client_now() + f->cfg->connect_timeout_ms / 1000.0;
	int rc;

	f->conn.deadline = overall > 0 && overall < setup ? overall : setup;
	if (client_net_connect(&f->conn, u, f->cfg, f->rep, e) == -1) {
		f->conn.deadline = overall;
		return -1;
	}
	rc = client_tls_handshake(f->tls, &f->conn, u, e);
	if (rc == -1 && f->conn.timed_out && f->conn.deadline == setup) {
		err_set(e,
		        "timeout: no TLS connection to %s port %u within --connect-timeout %.1f s",
		        u->host, u->port, (double)f->cfg->connect_timeout_ms / 1000.0);
		err_fix(e, "check that the server runs and answers TLS there; raise "
		           "--connect-timeout");
		err_code(e, DEMO_EXIT_TIMEOUT);
	}
	f->conn.deadline = overall;
	return rc;
}

/* One connection: handshake, request, response. */
static int
fetch_once(struct fetch *f, const struct client_url *u, struct err *e)
{
	int rc = -1;

	f->rep->connections++;
	f->got_first_byte = 0;
	if (fetch_connect(f, u, e) == -1) {
		if (f->conn.fd == -1)
			return -1;
		goto done;
	}
	if (fetch_send_request(f, u, e) == -1)
		goto done;
	client_http_reader_init(&f->reader, fetch_read, f);
	if (fetch_head(f, e) == -1)
		goto done;
	if (client_http_read_body(&f->reader, f->resp, f->cfg->max_filesize, fetch_sink, f, e) ==
	    -1)
		goto done;
	client_report_step(f->rep, '*', "%llu body bytes received; closing the connection",
	                   f->resp->body_len);
	rc = 0;
done:
	client_tls_end(f->tls);
	client_net_close(&f->conn);
	return rc;
}

/*
 * Decides whether to follow a redirect; returns 1 (next URL in next), 0, or -1.
 * The decision itself is client_url_follow's; next is read only after it says 0.
 */
static int
fetch_redirect(struct fetch *f, const struct client_url *cur, int hops, struct client_url *next,
               struct err *e)
{
	const char *locs[2];
	char auth[CLIENT_URL_HOST_MAX + 16];
	int s = f->resp->status, n;

	if (s != 301 && s != 302 && s != 303 && s != 307 && s != 308)
		return 0;
	n = client_http_header_all(f->resp, "Location", locs, 2);
	if (n == 0)
		return 0;
	if (!f->cfg->location) {
		client_report_step(f->rep, '*', "redirect to %s not followed (use -L)", locs[0]);
		if (f->cfg->silent)
			return 0;
		if (n == 1 && locs[0][0] != '\0')
			fprintf(stderr,
			        "https_client: note: the server redirects (%d) to %s; add "
			        "-L to follow\n",
			        s, locs[0]);
		else
			fprintf(stderr,
			        "https_client: note: the server redirects (%d) with %s; -L "
			        "would refuse it\n",
			        s, n > 1 ? "more than one Location" : "an empty Location");
		return 0;
	}
	if (client_url_follow(cur, locs, n, hops, next, e) == -1)
		return -1;
	if (s == 303 || ((s == 301 || s == 302) && strcmp(f->method, "POST") == 0)) {
		f->method = "GET"; /* RFC 9110 section 15.4: the body is not sent again */
		f->body_len = 0;
	}
	client_report_step(f->rep, '*', "following redirect %d to %s: https://%s%s", hops + 1,
	                   locs[0], client_url_authority(next, auth, sizeof(auth)), next->path);
	return 1;
}

static int
fetch_run(struct fetch *f, struct client_url *u, struct err *e)
{
	struct client_url next;
	long i;
	int hops = 0, rc;

	for (;;) {
		f->discard = 0;
		if (fetch_once(f, u, e) == -1)
			return -1;
		rc = fetch_redirect(f, u, hops, &next, e);
		if (rc == -1)
			return -1;
		if (rc == 0)
			break;
		*u = next;
		hops++;
	}
	for (i = 0; i < f->cfg->reconnect; i++) {
		f->discard = 1; /* the first response was the one shown */
		client_report_reset(f->rep);
		client_report_step(f->rep, '*', "reconnect %ld of %ld", i + 1, f->cfg->reconnect);
		if (fetch_once(f, u, e) == -1)
			return -1;
		if (!f->rep->resumed)
			client_report_step(f->rep, '*', "the server did not resume the session");
	}
	if (f->cfg->fail && f->resp->status >= 400) {
		err_set(e, "HTTP error: the server answered %d %s", f->resp->status,
		        f->resp->reason ? f->resp->reason : "");
		err_fix(e, f->resp->status == 404 ? "check the path of the URL"
		                                  : "run with -v to see the response headers");
		return err_code(e, DEMO_EXIT_HTTP);
	}
	return 0;
}

int
client_fetch(const struct client_config *cfg, struct client_report *rep, struct err *e)
{
	struct client_url u;
	struct fetch f;
	int rc = -1;

	memset(&f, 0, sizeof(f));
	f.cfg = cfg;
	f.rep = rep;
	f.conn.fd = -1;
	if (client_url_parse(cfg->url, &u, e) == -1) {
		if (e->fix[0] == '\0')
			err_fix(e, "give the URL as https://HOST[:PORT]/PATH, e.g. "
			           "https://localhost:8080/ or https://[::1]:8080/");
		return err_code(e, DEMO_EXIT_USAGE);
	}
	f.method = cfg->method ? cfg->method : cfg->head ? "HEAD" : cfg->data ? "POST" : "GET";
	if (cfg->max_time_ms > 0)
		f.conn.deadline = rep->start + (double)cfg->max_time_ms / 1000.0;
	f.resp = calloc(1, sizeof(*f.resp));
	if (f.resp == NULL) {
		err_set(e, "out of memory");
		return err_code(e, DEMO_EXIT_INTERNAL);
	}
	if (fetch_load_data(&f, e) == -1 || client_tls_new(&f.tls, cfg, rep, e) == -1)
		goto done;
	rc = fetch_run(&f, &u, e);
done:
	if (f.out != NULL && f.out != stdout && fclose(f.out) != 0 && rc == 0) {
		err_set_errno(e, "cannot write '%s'", cfg->output);
		err_code(e, DEMO_EXIT_FILE);
		rc = -1;
	}
	if (f.out == stdout && fflush(stdout) != 0 && rc == 0) {
		err_set_errno(e, "cannot write stdout");
		err_code(e, DEMO_EXIT_FILE);
		rc = -1;
	}
	client_tls_free(f.tls);
	free(f.body);
	free(f.resp);
	if (rc == -1 && e->code == 0)
		err_code(e, DEMO_EXIT_INTERNAL);
	if (rc == -1 && e->code == DEMO_EXIT_PROTOCOL && e->fix[0] == '\0')
		err_fix(e,
		        "the server's answer is not valid HTTP/1.1 within our limits: run with -v "
		        "to see its head, and fix the server");
	return rc;
}
