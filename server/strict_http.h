/*
 * Strict HTTP/1.1 request framing (RFC 9112), checked on the decrypted bytes
 * before civetweb parses them (civetweb 1.15's own parser is lax: see
 * docs/server.md). A stream object holds the bytes received on one connection;
 * strict_http_advance() checks whole request heads and the body framing, and
 * marks how many leading bytes are safe to hand to civetweb. Everything it
 * passes on is normalised so that civetweb's parser cannot read it another
 * way: absolute-form targets become origin-form, chunk extensions are
 * removed, trailer fields are dropped.
 */
#ifndef SERVER_STRICT_HTTP_H
#define SERVER_STRICT_HTTP_H

#include <stddef.h>

#define STRICT_HTTP_HEAD_MAX       16384 /* request line + fields, bytes */
#define STRICT_HTTP_FIELDS_MAX     64    /* civetweb keeps at most 64 fields */
#define STRICT_HTTP_CHUNK_LINE_MAX 1024  /* chunk-size line with extensions */
#define STRICT_HTTP_BUF            (STRICT_HTTP_HEAD_MAX + 1024)

enum strict_http_framing { STRICT_HTTP_NO_BODY, STRICT_HTTP_LENGTH, STRICT_HTTP_CHUNKED };

/* What the last request head said (spans are copies, NUL-terminated, for the log). */
struct strict_http_req {
	char method[32];
	char target[256];
	char version[4]; /* "1.1" or "1.0" */
	enum strict_http_framing framing;
	unsigned long long length; /* STRICT_HTTP_LENGTH */
	int close;                 /* Connection: close, or HTTP/1.0 without keep-alive */
	int options_star;          /* OPTIONS * (answered by the caller, never passed on) */
	const char *why;           /* the rule a rejected head broke */
};

/* Is host (len bytes, no port) one of ours? Decides absolute-form targets. */
typedef int (*strict_http_host_fn)(const char *host, size_t len, void *ctx);

struct strict_http_policy {
	strict_http_host_fn our_host;
	void *ctx;
	long port; /* our port; an absolute-form target naming another is refused */
};

enum strict_http_state {
	STRICT_HTTP_S_HEAD,
	STRICT_HTTP_S_LENGTH,
	STRICT_HTTP_S_CHUNK_SIZE,
	STRICT_HTTP_S_CHUNK_DATA,
	STRICT_HTTP_S_CHUNK_CRLF,
	STRICT_HTTP_S_TRAILERS,
};

struct strict_http_stream {
	char *in;     /* STRICT_HTTP_BUF bytes, owned */
	size_t len;   /* bytes held */
	size_t ready; /* in[0..ready) are checked and may be handed on */
	enum strict_http_state state;
	unsigned long long left; /* body or chunk bytes still to come */
	unsigned long heads;     /* request heads accepted so far */
	int error;               /* found past bytes not yet handed on: reported after them */
	size_t scanned;          /* head bytes already searched for its end (no rescans) */
	struct strict_http_req req;
};

/*
 * Checks the bytes past s->ready as far as they go. Returns 0 (more bytes may
 * be needed), or the status to answer before closing: 400 (malformed framing),
 * 431 (head too large), 501 (unknown transfer coding), with s->req.why set.
 * A completed OPTIONS * head is left out of the stream with
 * s->req.options_star set: the caller answers it.
 */
int strict_http_advance(struct strict_http_stream *s, const struct strict_http_policy *p);

/*
 * Checks one complete request head (request line through the empty line) and
 * fills r. target_off and target_len locate the target; for an absolute-form
 * target, path_off (> 0) is where its origin-form part starts. Returns 0 or a
 * status as above. Exposed for the unit test and the fuzz harness.
 */
int strict_http_check_head(const char *head, size_t len, const struct strict_http_policy *p,
                           struct strict_http_req *r, size_t *target_off, size_t *target_len,
                           size_t *path_off);

/* Parses a chunk-size line (without CRLF) with chunk_size_parse: the size, or -1; sets *digits. */
long long strict_http_chunk_size(const char *line, size_t len, size_t *digits);

#endif
