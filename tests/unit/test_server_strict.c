/* server_core: strict request framing (strict_http.c), whole heads and byte-by-byte streams. */
#include <stdlib.h>
#include <string.h>

#include "strict_http.h"
#include "unit.h"

static int
our_host(const char *host, size_t len, void *ctx)
{
	(void)ctx;
	return (len == 9 && memcmp(host, "localhost", 9) == 0) ||
	       (len == 9 && memcmp(host, "127.0.0.1", 9) == 0);
}

static const struct strict_http_policy policy = {our_host, NULL, 8443};

#define H "Host: localhost\r\n"

static const struct {
	const char *head;
	int want; /* 0: accepted */
	enum strict_http_framing framing;
	unsigned long long length;
} head_cases[] = {
        {"GET / HTTP/1.1\r\n" H "\r\n", 0, STRICT_HTTP_NO_BODY, 0},
        {"GET /a?b=c HTTP/1.0\r\n\r\n", 0, STRICT_HTTP_NO_BODY, 0},
        {"POST /echo HTTP/1.1\r\n" H "Content-Length: 5\r\n\r\n", 0, STRICT_HTTP_LENGTH, 5},
        {"POST /echo HTTP/1.1\r\n" H "Content-Length: 5, 5\r\n\r\n", 0, STRICT_HTTP_LENGTH, 5},
        {"POST /echo HTTP/1.1\r\n" H "Content-Length: 0\r\n\r\n", 0, STRICT_HTTP_NO_BODY, 0},
        {"POST /echo HTTP/1.1\r\n" H "Transfer-Encoding: Chunked\r\n\r\n", 0, STRICT_HTTP_CHUNKED,
         0},
        {"GET https://localhost:8443/x HTTP/1.1\r\n" H "\r\n", 0, STRICT_HTTP_NO_BODY, 0},
        {"OPTIONS * HTTP/1.1\r\n" H "\r\n", 0, STRICT_HTTP_NO_BODY, 0},
        {"GET / HTTP/1.1\r\n" H "X-Empty:\r\nX-Tab: a\tb\r\n\r\n", 0, STRICT_HTTP_NO_BODY, 0},
        /* refused */
        {"POST / HTTP/1.1\r\n" H "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400, 0,
         0},
        {"POST / HTTP/1.1\r\n" H "Content-Length: 5\r\nContent-Length: 6\r\n\r\n", 400, 0, 0},
        {"POST / HTTP/1.1\r\n" H "Content-Length: 5, 6\r\n\r\n", 400, 0, 0},
        {"POST / HTTP/1.1\r\n" H "Content-Length : 5\r\n\r\n", 400, 0, 0},
        {"POST / HTTP/1.1\r\n" H "Content-Length: +5\r\n\r\n", 400, 0, 0},
        {"POST / HTTP/1.1\r\n" H "Content-Length: 5abc\r\n\r\n", 400, 0, 0},
        {"POST / HTTP/1.1\r\n" H "Content-Length: 0x5\r\n\r\n", 400, 0, 0},
        {"POST / HTTP/1.1\r\n" H "Content-Length: -1\r\n\r\n", 400, 0, 0},
        {"POST / HTTP/1.1\r\n" H "Content-Length: 9999999999999999999999\r\n\r\n", 400, 0, 0},
        {"POST / HTTP/1.1\r\n" H "Content-Length:\r\n\r\n", 400, 0, 0},
        {"GET / HTTP/1.1\r\n" H "X-A: 1\r\n  folded\r\n\r\n", 400, 0, 0},
        {"GET / HTTP/1.1\r\n" H "\tX-A: 1\r\n\r\n", 400, 0, 0},
        {"GET / HTTP/1.1\r\n\r\n", 400, 0, 0},
        {"GET / HTTP/1.1\r\n" H H "\r\n", 400, 0, 0},
        {"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400, 0, 0},
        {"GET https://example.com:8443/ HTTP/1.1\r\n" H "\r\n", 400, 0, 0},
        {"GET https://localhost:1/ HTTP/1.1\r\n" H "\r\n", 400, 0, 0},
        {"GET https://user@localhost:8443/ HTTP/1.1\r\n" H "\r\n", 400, 0, 0},
        {"GET http://localhost:8443/ HTTP/1.1\r\n" H "\r\n", 400, 0, 0},
        {"GET * HTTP/1.1\r\n" H "\r\n", 400, 0, 0},
        {"CONNECT localhost:8443 HTTP/1.1\r\n" H "\r\n", 400, 0, 0},
        {"POST / HTTP/1.1\r\n" H "Transfer-Encoding: gzip\r\n\r\n", 501, 0, 0},
        {"POST / HTTP/1.1\r\n" H "Transfer-Encoding: gzip, chunked\r\n\r\n", 501, 0, 0},
        {"POST / HTTP/1.1\r\n" H "Transfer-Encoding: chunked, gzip\r\n\r\n", 400, 0, 0},
        {"POST / HTTP/1.1\r\n" H "Transfer-Encoding: chunked, chunked\r\n\r\n", 400, 0, 0},
        {"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400, 0, 0},
        {"GET / HTTP/1.1\n" H "\r\n", 400, 0, 0},
        {"GET / HTTP/1.1\r\nHost: local\rhost\r\n\r\n", 400, 0, 0},
        {"GET / HTTP/1.1\r\n" H "X-A: a\x01\r\n\r\n", 400, 0, 0},
        {"GET /a b HTTP/1.1\r\n" H "\r\n", 400, 0, 0},
        {"GET  / HTTP/1.1\r\n" H "\r\n", 400, 0, 0},
        {"GET / HTTP/2.0\r\n" H "\r\n", 505, 0, 0},
        {"GET / HTTP/1.1 \r\n" H "\r\n", 400, 0, 0},
        {"G\x7fT / HTTP/1.1\r\n" H "\r\n", 400, 0, 0},
        {"GET / HTTP/1.1\r\n" H "Bad Name: 1\r\n\r\n", 400, 0, 0},
        {"GET / HTTP/1.1\r\n" H ": novalue\r\n\r\n", 400, 0, 0},
        {"OPTIONS * HTTP/1.1\r\n" H "Content-Length: 3\r\n\r\n", 400, 0, 0},
};

static void
test_heads(void)
{
	struct strict_http_req r;
	size_t i, toff, tlen, poff;
	int rc;

	for (i = 0; i < sizeof(head_cases) / sizeof(head_cases[0]); i++) {
		rc = strict_http_check_head(head_cases[i].head, strlen(head_cases[i].head), &policy,
		                            &r, &toff, &tlen, &poff);
		if (rc != head_cases[i].want)
			fprintf(stderr, "case %zu: %s", i, head_cases[i].head);
		UNIT_CHECK_INT(rc, head_cases[i].want);
		if (rc == 0) {
			UNIT_CHECK_INT(r.framing, head_cases[i].framing);
			UNIT_CHECK_INT(r.length, head_cases[i].length);
		} else {
			UNIT_CHECK(r.why != NULL);
		}
	}
}

static const struct {
	const char *line;
	long long want;
} chunk_cases[] = {
        {"5", 5},
        {"0", 0},
        {"00000A", 10},
        {"ff", 255},
        {"5;a=b", 5},
        {"5 ; a = \"x;y\"", 5},
        {"5;a;b=c", 5},
        {"fffffffffffffff", 0xfffffffffffffffLL},
        {"ffffffffffffffff", -1},
        {"-5", -1},
        {"0x5", -1},
        {"", -1},
        {"5;", -1},
        {"5;=b", -1},
        {"5 x", -1},
        {"5;a=\"open", -1},
        {"5;a=", -1},
};

static void
test_chunks(void)
{
	size_t i, digits;

	for (i = 0; i < sizeof(chunk_cases) / sizeof(chunk_cases[0]); i++)
		UNIT_CHECK_INT(strict_http_chunk_size(chunk_cases[i].line,
		                                      strlen(chunk_cases[i].line), &digits),
		               chunk_cases[i].want);
}

/* Feeds in one byte at a time, collecting what may be handed on. Returns the status. */
static int
stream(const char *in, char *out, size_t size)
{
	struct strict_http_stream s;
	size_t o = 0, i, n = strlen(in);
	int rc = 0;

	memset(&s, 0, sizeof(s));
	s.in = malloc(STRICT_HTTP_BUF);
	for (i = 0; i < n && rc == 0; i++) {
		s.in[s.len++] = in[i];
		rc = strict_http_advance(&s, &policy);
		if (s.req.options_star) {
			s.req.options_star = 0;
			o += (size_t)snprintf(out + o, size - o, "[OPTIONS *]");
		}
		if (s.ready > 0 && o + s.ready < size) {
			memcpy(out + o, s.in, s.ready);
			o += s.ready;
			memmove(s.in, s.in + s.ready, s.len - s.ready);
			s.len -= s.ready;
			s.ready = 0;
			if (rc == 0)
				rc = strict_http_advance(&s, &policy); /* an error held for later */
		}
	}
	out[o] = '\0';
	free(s.in);
	return rc;
}

static void
test_streams(void)
{
	char out[1024];

	UNIT_CHECK_INT(stream("POST /e HTTP/1.1\r\n" H "Transfer-Encoding: chunked\r\n\r\n"
	                      "5;a=b\r\nhello\r\n0\r\nX-T: 1\r\n\r\n"
	                      "GET / HTTP/1.1\r\n" H "\r\n",
	                      out, sizeof(out)),
	               0);
	UNIT_CHECK_STR(out, "POST /e HTTP/1.1\r\n" H "Transfer-Encoding: chunked\r\n\r\n"
	                    "5\r\nhello\r\n0\r\n\r\nGET / HTTP/1.1\r\n" H "\r\n");
	UNIT_CHECK_INT(
	        stream("\r\nGET https://localhost:8443?q HTTP/1.1\r\n" H "\r\n", out, sizeof(out)),
	        0);
	UNIT_CHECK_STR(out, "GET /?q HTTP/1.1\r\n" H "\r\n");
	UNIT_CHECK_INT(stream("OPTIONS * HTTP/1.1\r\n" H "\r\nGET / HTTP/1.1\r\n" H "\r\n", out,
	                      sizeof(out)),
	               0);
	UNIT_CHECK_STR(out, "[OPTIONS *]GET / HTTP/1.1\r\n" H "\r\n");
	/* the head goes on, the bad chunk is reported after it */
	UNIT_CHECK_INT(stream("POST /e HTTP/1.1\r\n" H "Transfer-Encoding: chunked\r\n\r\n"
	                      "-5\r\nhello\r\n",
	                      out, sizeof(out)),
	               400);
	UNIT_CHECK_STR(out, "POST /e HTTP/1.1\r\n" H "Transfer-Encoding: chunked\r\n\r\n");
	UNIT_CHECK_INT(stream("POST /e HTTP/1.1\r\n" H "Transfer-Encoding: chunked\r\n\r\n"
	                      "3\r\nhello\r\n",
	                      out, sizeof(out)),
	               400);
	UNIT_CHECK_INT(
	        stream("POST /e HTTP/1.1\r\n" H "Content-Length: 2\r\n\r\nhiGET", out, sizeof(out)),
	        0);
	UNIT_CHECK_STR(out, "POST /e HTTP/1.1\r\n" H "Content-Length: 2\r\n\r\nhi");
}

static void
test_too_large(void)
{
	size_t n = STRICT_HTTP_HEAD_MAX + 100;
	char *big = malloc(n + 1), out[64];

	memcpy(big, "GET / HTTP/1.1\r\nX: ", 19);
	memset(big + 19, 'a', n - 19);
	big[n] = '\0';
	UNIT_CHECK_INT(stream(big, out, sizeof(out)), 431);
	free(big);
}

int
main(void)
{
	test_heads();
	test_chunks();
	test_streams();
	test_too_large();
	return unit_done();
}
