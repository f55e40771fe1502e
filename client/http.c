#include "http.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chunk.h"
#include "client.h"
#include "http_int.h"

/* Every error of the parser itself is class 23; read and sink errors keep their own. */
static int
http_bad(struct err *e, const char *fmt, const char *detail)
{
	err_set(e, fmt, detail);
	return err_code(e, DEMO_EXIT_PROTOCOL);
}

void
client_http_reader_init(struct client_http_reader *r, client_http_read_fn read, void *ctx)
{
	r->read = read;
	r->ctx = ctx;
	r->pos = r->len = 0;
	r->eof = 0;
}

/* Returns 1 when a byte is buffered, 0 at the end of the stream, -1 on error. */
static int
http_fill(struct client_http_reader *r, struct err *e)
{
	long n;

	if (r->pos < r->len)
		return 1;
	if (r->eof)
		return 0;
	n = r->read(r->ctx, r->buf, sizeof(r->buf), e);
	if (n < 0)
		return -1;
	if (n == 0) {
		r->eof = 1;
		return 0;
	}
	r->pos = 0;
	r->len = (size_t)n;
	return 1;
}

/*
 * Reads one CRLF-terminated line into out (NUL-terminated, CRLF removed).
 * Bare CR, bare LF and NUL are refused (RFC 9112 section 2.2 lets a
 * recipient reject them). Returns the length or -1.
 */
static long
http_read_line(struct client_http_reader *r, char *out, size_t max, struct err *e)
{
	size_t n = 0;
	int rc, c, cr = 0;

	for (;;) {
		rc = http_fill(r, e);
		if (rc == -1)
			return -1;
		if (rc == 0)
			return http_bad(e, "malformed HTTP response: %s",
			                "connection closed in the middle of a line");
		c = r->buf[r->pos++];
		if (cr) {
			if (c != '\n')
				return http_bad(e, "malformed HTTP response: %s",
				                "bare CR in a line");
			out[n] = '\0';
			return (long)n;
		}
		if (c == '\r') {
			cr = 1;
			continue;
		}
		if (c == '\n')
			return http_bad(e, "malformed HTTP response: %s",
			                "line ends in LF without CR");
		if (c == '\0')
			return http_bad(e, "malformed HTTP response: %s", "NUL byte in a line");
		if (n + 1 >= max) {
			err_set(e, "oversized HTTP response: a line is longer than %zu bytes",
			        max - 1);
			return err_code(e, DEMO_EXIT_PROTOCOL);
		}
		out[n++] = (char)c;
	}
}

/* Appends a line to the raw copy and the parse buffer; returns the line or NULL. */
static char *
http_head_line(struct client_http_reader *r, struct client_http_response *resp, size_t *used,
               struct err *e)
{
	size_t room = CLIENT_HTTP_HEAD_MAX - *used;
	char *line = resp->head + *used;
	long n;

	if (room < 3) {
		http_bad(e, "oversized HTTP response: %s", "headers larger than 64 KiB");
		return NULL;
	}
	n = http_read_line(r, line, room < CLIENT_HTTP_LINE_MAX ? room - 1 : CLIENT_HTTP_LINE_MAX,
	                   e);
	if (n < 0 && room <= CLIENT_HTTP_LINE_MAX && strstr(e->msg, "longer than") != NULL)
		http_bad(e, "oversized HTTP response: %s", "headers larger than 64 KiB");
	if (n < 0)
		return NULL;
	if (*used + (size_t)n + 2 > CLIENT_HTTP_HEAD_MAX) {
		http_bad(e, "oversized HTTP response: %s", "headers larger than 64 KiB");
		return NULL;
	}
	memcpy(resp->raw + resp->raw_len, line, (size_t)n);
	memcpy(resp->raw + resp->raw_len + (size_t)n, "\r\n", 2);
	resp->raw_len += (size_t)n + 2;
	resp->raw[resp->raw_len] = '\0';
	*used += (size_t)n + 1;
	return line;
}

/* status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 section 4). */
static int
http_parse_status(struct client_http_response *resp, char *line, struct err *e)
{
	const char *p;

	if (strncmp(line, "HTTP/1.", 7) != 0 || (line[7] != '0' && line[7] != '1'))
		return http_bad(e, "malformed HTTP response: status line '%.40s' is not HTTP/1.x",
		                line);
	if (line[8] != ' ' || !isdigit((unsigned char)line[9]) ||
	    !isdigit((unsigned char)line[10]) || !isdigit((unsigned char)line[11]) ||
	    (line[12] != ' ' && line[12] != '\0'))
		return http_bad(e, "malformed HTTP response: bad status line '%.40s'", line);
	resp->minor = line[7] - '0';
	resp->status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
	if (resp->status < 100 || resp->status > 599)
		return http_bad(e, "malformed HTTP response: status code out of range in '%.40s'",
		                line);
	resp->reason = line[12] == ' ' ? line + 13 : line + 12;
	for (p = resp->reason; *p != '\0'; p++)
		if (!http_vchar((unsigned char)*p))
			return http_bad(e, "malformed HTTP response: %s",
			                "control character in the reason phrase");
	return 0;
}

/* field-line = field-name ":" OWS field-value OWS (RFC 9112 section 5). */
static int
http_parse_field(struct client_http_response *resp, char *line, struct err *e)
{
	char *colon, *v, *end;
	const char *p;

	if (line[0] == ' ' || line[0] == '\t')
		return http_bad(e, "malformed HTTP response: %s",
		                "obsolete line folding (header line starts with a space)");
	for (colon = line; *colon != '\0' && *colon != ':'; colon++)
		if (!http_tchar((unsigned char)*colon))
			return http_bad(e,
			                "malformed HTTP response: bad character in header "
			                "name '%.40s'",
			                line);
	if (*colon != ':' || colon == line)
		return http_bad(e,
		                "malformed HTTP response: header line without a name and "
		                "colon: '%.40s'",
		                line);
	if (resp->nheaders >= CLIENT_HTTP_HEADERS_MAX)
		return http_bad(e, "oversized HTTP response: %s", "more than 100 headers");
	*colon = '\0';
	for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
		;
	end = v + strlen(v);
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	for (p = v; *p != '\0'; p++)
		if (!http_vchar((unsigned char)*p))
			return http_bad(e,
			                "malformed HTTP response: control character in "
			                "header '%s'",
			                line);
	resp->headers[resp->nheaders].name = line;
	resp->headers[resp->nheaders].value = v;
	resp->nheaders++;
	return 0;
}

const char *
client_http_header(const struct client_http_response *resp, const char *name)
{
	int i;

	for (i = 0; i < resp->nheaders; i++)
		if (strcasecmp(resp->headers[i].name, name) == 0)
			return resp->headers[i].value;
	return NULL;
}

int
client_http_header_all(const struct client_http_response *resp, const char *name,
                       const char **values, int max)
{
	int i, n = 0;

	for (i = 0; i < resp->nheaders; i++)
		if (strcasecmp(resp->headers[i].name, name) == 0) {
			if (n < max)
				values[n] = resp->headers[i].value;
			n++;
		}
	return n;
}

/* Content-Length = 1*DIGIT; repeated values must agree (RFC 9110 section 8.6). */
static int
http_parse_length(struct client_http_response *resp, struct err *e)
{
	long long v;
	const char *p;
	int i;

	resp->content_length = -1;
	for (i = 0; i < resp->nheaders; i++) {
		if (strcasecmp(resp->headers[i].name, "Content-Length") != 0)
			continue;
		p = resp->headers[i].value;
		if (*p == '\0' || strlen(p) > 18)
			return http_bad(e, "malformed HTTP response: bad Content-Length '%.40s'",
			                p);
		for (v = 0; *p != '\0'; p++) {
			if (!isdigit((unsigned char)*p))
				return http_bad(e,
				                "malformed HTTP response: bad Content-Length "
				                "'%.40s'",
				                resp->headers[i].value);
			v = v * 10 + (*p - '0');
		}
		if (resp->content_length != -1 && resp->content_length != v)
			return http_bad(e, "malformed HTTP response: %s",
			                "conflicting Content-Length headers");
		resp->content_length = v;
	}
	return 0;
}

static int
http_parse_framing(struct client_http_response *resp, int head_request, struct err *e)
{
	const char *te = NULL;
	int i, nte = 0;

	if (http_parse_length(resp, e) == -1)
		return -1;
	for (i = 0; i < resp->nheaders; i++)
		if (strcasecmp(resp->headers[i].name, "Transfer-Encoding") == 0) {
			te = resp->headers[i].value;
			nte++;
		}
	resp->no_body =
	        head_request || resp->status < 200 || resp->status == 204 || resp->status == 304;
	resp->chunked = 0;
	if (te == NULL)
		return 0;
	if (nte > 1 || strcasecmp(te, "chunked") != 0)
		return http_bad(e,
		                "malformed HTTP response: unsupported Transfer-Encoding "
		                "'%.40s' (only chunked)",
		                te);
	if (resp->content_length != -1)
		/* RFC 9112 section 6.1: both framings at once is how smuggling starts. */
		return http_bad(e, "malformed HTTP response: %s",
		                "both Transfer-Encoding and Content-Length");
	if (resp->minor == 0)
		return http_bad(e, "malformed HTTP response: %s",
		                "Transfer-Encoding in an HTTP/1.0 response");
	resp->chunked = 1;
	return 0;
}

static int
http_read_one_head(struct client_http_reader *r, struct client_http_response *resp, struct err *e)
{
	size_t used = 0;
	char *line;

	resp->nheaders = 0;
	resp->raw_len = 0;
	line = http_head_line(r, resp, &used, e);
	if (line == NULL)
		return -1;
	if (http_parse_status(resp, line, e) == -1)
		return -1;
	for (;;) {
		line = http_head_line(r, resp, &used, e);
		if (line == NULL)
			return -1;
		if (line[0] == '\0')
			return 0;
		if (http_parse_field(resp, line, e) == -1)
			return -1;
	}
}

int
client_http_read_head(struct client_http_reader *r, struct client_http_response *resp,
                      int head_request, struct err *e)
{
	int rc;

	resp->interim = 0;
	resp->body_len = 0;
	for (;;) {
		rc = http_fill(r, e);
		if (rc == -1)
			return -1;
		if (rc == 0)
			return http_bad(e, "malformed HTTP response: %s",
			                "the server closed the connection without a response");
		if (http_read_one_head(r, resp, e) == -1)
			return -1;
		if (resp->status >= 200)
			break;
		if (resp->status == 101)
			return http_bad(e, "malformed HTTP response: %s",
			                "101 Switching Protocols was not asked for");
		if (++resp->interim > CLIENT_HTTP_INTERIM_MAX)
			return http_bad(e, "malformed HTTP response: %s",
			                "too many 1xx interim responses");
	}
	return http_parse_framing(resp, head_request, e);
}

static int
http_deliver(struct client_http_response *resp, long long max_size, const void *data, size_t n,
             client_http_sink_fn sink, void *ctx, struct err *e)
{
	resp->body_len += n;
	if (max_size > 0 && resp->body_len > (unsigned long long)max_size) {
		err_set(e, "oversized HTTP response: body larger than --max-filesize (%lld bytes)",
		        max_size);
		return err_code(e, DEMO_EXIT_PROTOCOL);
	}
	return sink(ctx, data, n, e);
}

/* Passes up to want bytes (all of them when want < 0, until the stream ends) to sink. */
static int
http_copy(struct client_http_reader *r, struct client_http_response *resp, long long want,
          long long max_size, client_http_sink_fn sink, void *ctx, struct err *e)
{
	long long got = 0;
	size_t n;
	int rc;

	while (want < 0 || got < want) {
		rc = http_fill(r, e);
		if (rc == -1)
			return -1;
		if (rc == 0) {
			if (want < 0)
				return 0;
			err_set(e,
			        "malformed HTTP response: body truncated after %lld of %lld "
			        "bytes (connection closed early)",
			        got, want);
			return err_code(e, DEMO_EXIT_PROTOCOL);
		}
		n = r->len - r->pos;
		if (want >= 0 && (long long)n > want - got)
			n = (size_t)(want - got);
		if (http_deliver(resp, max_size, r->buf + r->pos, n, sink, ctx, e) == -1)
			return -1;
		r->pos += n;
		got += (long long)n;
	}
	return 0;
}

/* chunk-size [ chunk-ext ] CRLF (RFC 9112 section 7.1): chunk_size_parse, with the reason. */
static long long
http_chunk_size(const char *line, struct err *e)
{
	size_t digits;
	long long v = chunk_size_parse(line, strlen(line), &digits);

	if (v == CHUNK_SIZE_TOO_BIG)
		return http_bad(e, "oversized HTTP response: chunk size '%.40s' too large", line);
	if (v < 0)
		return http_bad(e, "malformed HTTP response: bad chunk size line '%.40s'", line);
	return v;
}

static int
http_read_trailers(struct client_http_reader *r, struct err *e)
{
	char line[CLIENT_HTTP_LINE_MAX];
	long n, total = 0;
	int count = 0;

	for (;;) {
		n = http_read_line(r, line, sizeof(line), e);
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		total += n;
		if (++count > CLIENT_HTTP_HEADERS_MAX || total > CLIENT_HTTP_HEAD_MAX)
			return http_bad(e, "oversized HTTP response: %s", "too many trailers");
		if (line[0] == ' ' || line[0] == '\t' || strchr(line, ':') == NULL)
			return http_bad(e, "malformed HTTP response: bad trailer line '%.40s'",
			                line);
	}
}

static int
http_read_chunked(struct client_http_reader *r, struct client_http_response *resp,
                  long long max_size, client_http_sink_fn sink, void *ctx, struct err *e)
{
	char line[CLIENT_HTTP_LINE_MAX];
	long long size;
	long n;

	for (;;) {
		if (http_read_line(r, line, sizeof(line), e) < 0)
			return -1;
		size = http_chunk_size(line, e);
		if (size < 0)
			return -1;
		if (size == 0)
			return http_read_trailers(r, e);
		if (max_size > 0 && (unsigned long long)size > (unsigned long long)max_size)
			return http_bad(e, "oversized HTTP response: %s",
			                "a chunk is larger than --max-filesize");
		if (http_copy(r, resp, size, max_size, sink, ctx, e) == -1)
			return -1;
		n = http_read_line(r, line, sizeof(line), e);
		if (n < 0)
			return -1;
		if (n != 0)
			return http_bad(e, "malformed HTTP response: %s",
			                "chunk data longer than its size");
	}
}

int
client_http_read_body(struct client_http_reader *r, struct client_http_response *resp,
                      long long max_size, client_http_sink_fn sink, void *ctx, struct err *e)
{
	if (resp->no_body)
		return 0;
	if (resp->chunked)
		return http_read_chunked(r, resp, max_size, sink, ctx, e);
	if (resp->content_length >= 0) {
		if (max_size > 0 && resp->content_length > max_size) {
			err_set(e,
			        "oversized HTTP response: Content-Length %lld is larger than "
			        "--max-filesize (%lld bytes)",
			        resp->content_length, max_size);
			return err_code(e, DEMO_EXIT_PROTOCOL);
		}
		return http_copy(r, resp, resp->content_length, max_size, sink, ctx, e);
	}
	/* RFC 9112 section 6.3 rule 8: the body ends when the connection closes. */
	return http_copy(r, resp, -1, max_size, sink, ctx, e);
}
