/*
 * HTTP/1.1 for the client (RFC 9112): building the request, and a strict,
 * bounded response parser. The parser pulls bytes through a read callback,
 * so the same code runs over TLS, over a memory buffer in the unit tests and
 * under the fuzzer.
 */
#ifndef CLIENT_HTTP_H
#define CLIENT_HTTP_H

#include <stddef.h>

#include "err.h"

#define CLIENT_HTTP_LINE_MAX    8192        /* one header or chunk-size line */
#define CLIENT_HTTP_HEAD_MAX    (64 * 1024) /* status line and all headers */
#define CLIENT_HTTP_HEADERS_MAX 100
#define CLIENT_HTTP_INTERIM_MAX 5 /* 1xx responses skipped before the final one */
#define CLIENT_HTTP_BUF         16384
#define CLIENT_HTTP_REQUEST_MAX (64 * 1024)

/* Reads up to n bytes; returns the count, 0 at the end of the stream, -1 with e set. */
typedef long (*client_http_read_fn)(void *ctx, void *buf, size_t n, struct err *e);
/* Receives n body bytes; returns 0 or -1 with e set. */
typedef int (*client_http_sink_fn)(void *ctx, const void *data, size_t n, struct err *e);

struct client_http_reader {
	client_http_read_fn read;
	void *ctx;
	unsigned char buf[CLIENT_HTTP_BUF];
	size_t pos, len;
	int eof;
};

struct client_http_header {
	const char *name, *value; /* point into client_http_response.head */
};

struct client_http_response {
	int status, minor; /* HTTP/1.<minor> <status> */
	const char *reason;
	char head[CLIENT_HTTP_HEAD_MAX + 1]; /* the final response's head, parsed in place */
	char raw[CLIENT_HTTP_HEAD_MAX + 1];  /* the same head as received, for -i */
	size_t raw_len;
	struct client_http_header headers[CLIENT_HTTP_HEADERS_MAX];
	int nheaders;
	long long content_length; /* -1 when absent */
	int chunked;              /* Transfer-Encoding: chunked */
	int no_body;              /* HEAD request, 1xx, 204 or 304 */
	int interim;              /* 1xx responses skipped */
	unsigned long long body_len;
};

/* Initialises r to pull bytes from read(ctx, ...). */
void client_http_reader_init(struct client_http_reader *r, client_http_read_fn read, void *ctx);

/*
 * Reads the status line and headers of the final response (skipping at most
 * CLIENT_HTTP_INTERIM_MAX 1xx responses) into resp and works out how the
 * body is framed. head_request: the request was HEAD. Returns 0, or -1 with
 * e set (malformed, oversized, or the stream ended early).
 */
int client_http_read_head(struct client_http_reader *r, struct client_http_response *resp,
                          int head_request, struct err *e);

/*
 * Reads the body framed as resp says and passes it to sink. max_size > 0
 * refuses bodies larger than that. Returns 0, or -1 with e set.
 */
int client_http_read_body(struct client_http_reader *r, struct client_http_response *resp,
                          long long max_size, client_http_sink_fn sink, void *ctx, struct err *e);

/* Returns the value of the first header named name (case-insensitive), or NULL. */
const char *client_http_header(const struct client_http_response *resp, const char *name);

/*
 * Returns how many headers are named name (case-insensitive) and stores the
 * values of the first max of them, in order, in values.
 */
int client_http_header_all(const struct client_http_response *resp, const char *name,
                           const char **values, int max);

#endif
