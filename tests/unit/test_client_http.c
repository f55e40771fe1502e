/* Unit tests for the client's HTTP/1.1 response parser and request builder. */
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "http.h"
#include "http_request.h"
#include "unit.h"

struct mem {
	const char *data;
	size_t len, pos, step; /* step: bytes per read, to split lines across reads */
};

static long
mem_read(void *ctx, void *buf, size_t n, struct err *e)
{
	struct mem *m = ctx;
	size_t k = m->len - m->pos;

	(void)e;
	if (k > n)
		k = n;
	if (m->step && k > m->step)
		k = m->step;
	memcpy(buf, m->data + m->pos, k);
	m->pos += k;
	return (long)k;
}

struct sink {
	char buf[256];
	size_t len;
};

static int
sink_add(void *ctx, const void *data, size_t n, struct err *e)
{
	struct sink *s = ctx;

	(void)e;
	if (s->len + n < sizeof(s->buf)) {
		memcpy(s->buf + s->len, data, n);
		s->len += n;
		s->buf[s->len] = '\0';
	}
	return 0;
}

/* Parses raw as a whole response; returns the exit class (0 when fine), body in s. */
static int
parse(const char *raw, size_t len, size_t step, int head_req, long long max, struct sink *s,
      struct err *e)
{
	static struct client_http_reader r;
	static struct client_http_response resp;
	struct mem m = {raw, len, 0, step};

	memset(s, 0, sizeof(*s));
	err_clear(e);
	client_http_reader_init(&r, mem_read, &m);
	if (client_http_read_head(&r, &resp, head_req, e) == -1 ||
	    client_http_read_body(&r, &resp, max, sink_add, s, e) == -1)
		return e->code;
	return 0;
}

struct good_case {
	const char *name, *raw, *body;
	int head_req;
};

static const struct good_case good[] = {
        {"content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", "hello", 0},
        {"extra after body ignored", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhello", "he", 0},
        {"chunked",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
         "5\r\nhello\r\n1;ext=x\r\n!\r\n0\r\nT: 1\r\n\r\n",
         "hello!", 0},
        {"chunked upper hex",
         "HTTP/1.1 200 OK\r\ntransfer-encoding: CHUNKED\r\n\r\n"
         "A\r\n0123456789\r\n0\r\n\r\n",
         "0123456789", 0},
        {"close-delimited", "HTTP/1.0 200 OK\r\n\r\nto the end", "to the end", 0},
        {"no reason phrase", "HTTP/1.1 204\r\n\r\n", "", 0},
        {"interim 100 skipped",
         "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"
         "Content-Length: 1\r\n\r\nx",
         "x", 0},
        {"HEAD has no body", "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", "", 1},
        {"304 has no body", "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n", "", 0},
        {"repeated equal lengths",
         "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n"
         "\r\nz",
         "z", 0},
        {"OWS around value", "HTTP/1.1 200 OK\r\nContent-Length: \t3 \r\n\r\nabc", "abc", 0},
        {"obs-text in value", "HTTP/1.1 200 OK\r\nX: caf\xc3\xa9\r\nContent-Length: 0\r\n\r\n", "",
         0},
};

struct bad_case {
	const char *name, *raw;
	long long max;
	const char *want; /* substring of the message */
};

static const struct bad_case bad[] = {
        {"empty stream", "", 0, "without a response"},
        {"not HTTP", "SSH-2.0-x\r\n\r\n", 0, "not HTTP/1.x"},
        {"HTTP/2 status line", "HTTP/2 200\r\n\r\n", 0, "not HTTP/1.x"},
        {"four-digit status", "HTTP/1.1 2000 OK\r\n\r\n", 0, "bad status line"},
        {"status below 100", "HTTP/1.1 099 X\r\n\r\n", 0, "out of range"},
        {"control char in reason", "HTTP/1.1 200 O\x01K\r\n\r\n", 0, "reason phrase"},
        {"bare LF", "HTTP/1.1 200 OK\nContent-Length: 0\n\n", 0, "LF without CR"},
        {"bare CR", "HTTP/1.1 200 OK\rX: y\r\n\r\n", 0, "bare CR"},
        {"NUL in header", "HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n", 0, "NUL"},
        {"obs-fold", "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n", 0, "folding"},
        {"space before colon", "HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\nx", 0, "header name"},
        {"no colon", "HTTP/1.1 200 OK\r\nJunk\r\n\r\n", 0, "without a name"},
        {"empty name", "HTTP/1.1 200 OK\r\n: v\r\n\r\n", 0, "without a name"},
        {"control char in value", "HTTP/1.1 200 OK\r\nX: a\x7f\r\n\r\n", 0, "control character"},
        {"CL not a number", "HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\nhello", 0,
         "bad Content-Length"},
        {"CL signed", "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello", 0,
         "bad Content-Length"},
        {"CL empty", "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", 0, "bad Content-Length"},
        {"CL list", "HTTP/1.1 200 OK\r\nContent-Length: 1, 1\r\n\r\nx", 0, "bad Content-Length"},
        {"CL too long", "HTTP/1.1 200 OK\r\nContent-Length: 9999999999999999999\r\n\r\n", 0,
         "bad Content-Length"},
        {"CL conflict", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy", 0,
         "conflicting"},
        {"TE and CL",
         "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"
         "1\r\nx\r\n0\r\n\r\n",
         0, "both"},
        {"TE gzip", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 0,
         "unsupported Transfer-Encoding"},
        {"TE twice",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked"
         "\r\n\r\n0\r\n\r\n",
         0, "unsupported Transfer-Encoding"},
        {"TE in HTTP/1.0", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 0,
         "HTTP/1.0"},
        {"chunk size not hex", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 0,
         "bad chunk size"},
        {"chunk size empty", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", 0,
         "bad chunk size"},
        {"chunk size negative", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", 0,
         "bad chunk size"},
        {"chunk size overflow",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
         "10000000000000000\r\n",
         0, "too large"},
        {"chunk data too long",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
         "1\r\nxy\r\n0\r\n\r\n",
         0, "longer than its size"},
        {"chunked without last chunk",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
         "1\r\nx\r\n",
         0, "closed in the middle"},
        {"bad trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nnocolon\r\n\r\n",
         0, "bad trailer"},
        {"truncated body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 0,
         "truncated after 3 of 10"},
        {"truncated head", "HTTP/1.1 200 OK\r\nContent-Le", 0, "closed in the middle"},
        {"101 not asked", "HTTP/1.1 101 Switching Protocols\r\n\r\n", 0, "101"},
        {"too many interim",
         "HTTP/1.1 100 A\r\n\r\nHTTP/1.1 100 A\r\n\r\nHTTP/1.1 100 A\r\n\r\n"
         "HTTP/1.1 100 A\r\n\r\nHTTP/1.1 100 A\r\n\r\nHTTP/1.1 100 A\r\n\r\n",
         0, "too many 1xx"},
        {"CL above max-filesize", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", 5,
         "max-filesize"},
        {"close-delimited above max", "HTTP/1.0 200 OK\r\n\r\n0123456789", 5, "max-filesize"},
        {"chunk above max",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
         "a\r\n0123456789\r\n0\r\n\r\n",
         5, "max-filesize"},
};

static void
test_good(void)
{
	struct sink s;
	struct err e;
	size_t i, step;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		for (step = 0; step <= 1; step++) {
			int rc = parse(good[i].raw, strlen(good[i].raw), step, good[i].head_req, 0,
			               &s, &e);
			if (rc != 0)
				fprintf(stderr, "case '%s' (step %zu): %s\n", good[i].name, step,
				        e.msg);
			UNIT_CHECK_INT(rc, 0);
			UNIT_CHECK_STR(s.buf, good[i].body);
		}
}

static void
test_bad(void)
{
	struct sink s;
	struct err e;
	size_t i, len;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* Cases with a NUL byte carry it inside the literal: measure to the end. */
		len = strlen(bad[i].raw);
		if (strcmp(bad[i].name, "NUL in header") == 0)
			len = sizeof("HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n") - 1;
		UNIT_CHECK_INT(parse(bad[i].raw, len, 0, 0, bad[i].max, &s, &e),
		               DEMO_EXIT_PROTOCOL);
		if (strstr(e.msg, bad[i].want) == NULL)
			fprintf(stderr, "case '%s': message '%s' lacks '%s'\n", bad[i].name, e.msg,
			        bad[i].want);
		UNIT_CHECK(strstr(e.msg, bad[i].want) != NULL);
	}
}

/* Limits: a line over 8 KiB, more than 100 headers, a head over 64 KiB. */
static void
test_limits(void)
{
	static char raw[80 * 1024];
	struct sink s;
	struct err e;
	size_t len;
	int i;

	len = (size_t)snprintf(raw, sizeof(raw), "HTTP/1.1 200 OK\r\nX: ");
	memset(raw + len, 'a', 9000);
	len += 9000;
	len += (size_t)snprintf(raw + len, sizeof(raw) - len, "\r\n\r\n");
	UNIT_CHECK_INT(parse(raw, len, 0, 0, 0, &s, &e), DEMO_EXIT_PROTOCOL);
	UNIT_CHECK(strstr(e.msg, "longer than") != NULL);

	len = (size_t)snprintf(raw, sizeof(raw), "HTTP/1.1 200 OK\r\n");
	for (i = 0; i < 101; i++)
		len += (size_t)snprintf(raw + len, sizeof(raw) - len, "X-%d: 1\r\n", i);
	len += (size_t)snprintf(raw + len, sizeof(raw) - len, "\r\n");
	UNIT_CHECK_INT(parse(raw, len, 0, 0, 0, &s, &e), DEMO_EXIT_PROTOCOL);
	UNIT_CHECK(strstr(e.msg, "more than 100 headers") != NULL);

	len = (size_t)snprintf(raw, sizeof(raw), "HTTP/1.1 200 OK\r\n");
	for (i = 0; i < 9; i++) {
		len += (size_t)snprintf(raw + len, sizeof(raw) - len, "X-%d: ", i);
		memset(raw + len, 'b', 8000);
		len += 8000;
		len += (size_t)snprintf(raw + len, sizeof(raw) - len, "\r\n");
	}
	len += (size_t)snprintf(raw + len, sizeof(raw) - len, "\r\n");
	UNIT_CHECK_INT(parse(raw, len, 0, 0, 0, &s, &e), DEMO_EXIT_PROTOCOL);
	UNIT_CHECK(strstr(e.msg, "64 KiB") != NULL);
}

static void
test_request(void)
{
	const char *hdrs[] = {"X-Test: 1", "User-Agent: mine", "Accept:"};
	const char *crlf[] = {"X: a\r\nInjected: 1"};
	const char *cl[] = {"Content-Length: 3"};
	char buf[1024];
	struct err e;
	int n;

	err_clear(&e);
	n = client_http_format_request(buf, sizeof(buf), "GET", "/p?q=1", "localhost:8443", hdrs, 3,
	                               -1, &e);
	UNIT_CHECK(n > 0);
	UNIT_CHECK(strncmp(buf, "GET /p?q=1 HTTP/1.1\r\nHost: localhost:8443\r\n", 43) == 0);
	UNIT_CHECK(strstr(buf, "User-Agent: mine\r\n") != NULL);
	UNIT_CHECK(strstr(buf, "https_client/") == NULL);
	UNIT_CHECK(strstr(buf, "Accept") == NULL); /* "Accept:" removes the default */
	UNIT_CHECK(strstr(buf, "X-Test: 1\r\n") != NULL);
	UNIT_CHECK(strstr(buf, "Connection: close\r\n\r\n") != NULL);
	n = client_http_format_request(buf, sizeof(buf), "POST", "/", "h", NULL, 0, 3, &e);
	UNIT_CHECK(n > 0 && strstr(buf, "Content-Length: 3\r\n") != NULL);
	UNIT_CHECK_INT(
	        client_http_format_request(buf, sizeof(buf), "GET", "/", "h", crlf, 1, -1, &e), -1);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_USAGE);
	UNIT_CHECK_INT(client_http_format_request(buf, sizeof(buf), "GET", "/", "h", cl, 1, -1, &e),
	               -1);
	UNIT_CHECK_INT(
	        client_http_format_request(buf, sizeof(buf), "GE T", "/", "h", NULL, 0, -1, &e),
	        -1);
	UNIT_CHECK_INT(client_http_format_request(buf, 40, "GET", "/", "h", NULL, 0, -1, &e), -1);
}

int
main(void)
{
	test_good();
	test_bad();
	test_limits();
	test_request();
	return unit_done();
}
