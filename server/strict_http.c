/* Strict request framing (RFC 9112): heads checked whole, bodies framed, all normalised. */
#include "strict_http.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "chunk.h"

/* RFC 9110 section 5.6.2: tchar. */
static int
sh_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int
sh_fail(struct strict_http_req *r, int status, const char *why)
{
	r->why = why;
	return status;
}

static void
sh_copy(char *dst, size_t size, const char *p, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(dst, p, len);
	dst[len] = '\0';
}

/* Trims optional white space (SP, HTAB) at both ends of [*p, *p + *len). */
static void
sh_trim(const char **p, size_t *len)
{
	while (*len > 0 && (**p == ' ' || **p == '\t')) {
		(*p)++;
		(*len)--;
	}
	while (*len > 0 && ((*p)[*len - 1] == ' ' || (*p)[*len - 1] == '\t'))
		(*len)--;
}

/* The fields that decide framing, gathered over the whole head. */
struct sh_fields {
	int hosts, lengths, te, te_chunked_last, te_unknown, te_bad;
	unsigned long long length;
	int close, keep_alive;
};

/* Content-Length: a list of identical 1*DIGIT values (RFC 9112 section 6.3, rule 5). */
static int
sh_content_length(struct sh_fields *f, const char *v, size_t len)
{
	size_t i = 0, start;
	unsigned long long n;

	while (i <= len) {
		while (i < len && (v[i] == ' ' || v[i] == '\t'))
			i++;
		start = i;
		for (n = 0; i < len && v[i] >= '0' && v[i] <= '9'; i++) {
			if (i - start >= 18)
				return -1;
			n = n * 10 + (unsigned long long)(v[i] - '0');
		}
		if (i == start)
			return -1;
		while (i < len && (v[i] == ' ' || v[i] == '\t'))
			i++;
		if (i < len && v[i] != ',')
			return -1;
		if (f->lengths++ > 0 && n != f->length)
			return -1;
		f->length = n;
		i++;
	}
	return 0;
}

/* Transfer-Encoding: only "chunked", once and last, is implemented (RFC 9112 section 6.1). */
static void
sh_transfer_encoding(struct sh_fields *f, const char *v, size_t len)
{
	size_t i = 0, start;

	while (i <= len) {
		while (i < len && (v[i] == ' ' || v[i] == '\t'))
			i++;
		start = i;
		while (i < len && sh_tchar((unsigned char)v[i]))
			i++;
		if (i == start || (i < len && v[i] != ',' && v[i] != ' ' && v[i] != '\t')) {
			f->te_bad = 1;
			return;
		}
		f->te++;
		if (i - start == 7 && strncasecmp(v + start, "chunked", 7) == 0) {
			if (f->te_chunked_last)
				f->te_bad = 1; /* chunked twice */
			f->te_chunked_last = 1;
		} else {
			if (f->te_chunked_last)
				f->te_bad = 1; /* chunked must be the final coding */
			f->te_unknown = 1;
		}
		while (i < len && (v[i] == ' ' || v[i] == '\t'))
			i++;
		i++; /* the comma */
	}
}

static void
sh_connection(struct sh_fields *f, const char *v, size_t len)
{
	size_t i = 0, start;

	while (i < len) {
		while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		start = i;
		while (i < len && v[i] != ',' && v[i] != ' ' && v[i] != '\t')
			i++;
		if (i - start == 5 && strncasecmp(v + start, "close", 5) == 0)
			f->close = 1;
		if (i - start == 10 && strncasecmp(v + start, "keep-alive", 10) == 0)
			f->keep_alive = 1;
	}
}

/* Host: uri-host [ ":" port ], characters of a reg-name or an IP literal. */
static int
sh_host_value(const char *v, size_t len)
{
	size_t i;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++)
		if (!sh_tchar((unsigned char)v[i]) && strchr("[]:;=,()", v[i]) == NULL)
			return -1;
	return 0;
}

/* One field line "name:value" (no CRLF). */
static int
sh_field(struct sh_fields *f, const char *p, size_t len, struct strict_http_req *r)
{
	const char *colon = memchr(p, ':', len), *v;
	size_t n, vlen, i;

	if (len > 0 && (p[0] == ' ' || p[0] == '\t'))
		return sh_fail(r, 400, "obsolete line folding");
	if (colon == NULL || colon == p)
		return sh_fail(r, 400, "field line without a name");
	n = (size_t)(colon - p);
	for (i = 0; i < n; i++)
		if (!sh_tchar((unsigned char)p[i]))
			return sh_fail(r, 400,
			               p[i] == ' ' || p[i] == '\t'
			                       ? "white space before a colon"
			                       : "bad character in a field name");
	v = colon + 1;
	vlen = len - n - 1;
	for (i = 0; i < vlen; i++)
		if (((unsigned char)v[i] < 0x20 && v[i] != '\t') || v[i] == 0x7f)
			return sh_fail(r, 400, "control character in a field value");
	sh_trim(&v, &vlen);
	if (n == 4 && strncasecmp(p, "host", 4) == 0) {
		if (f->hosts++ > 0 || sh_host_value(v, vlen) == -1)
			return sh_fail(r, 400, f->hosts > 1 ? "more than one Host" : "bad Host");
	} else if (n == 14 && strncasecmp(p, "content-length", 14) == 0) {
		if (sh_content_length(f, v, vlen) == -1)
			return sh_fail(r, 400, "bad or conflicting Content-Length");
	} else if (n == 17 && strncasecmp(p, "transfer-encoding", 17) == 0) {
		sh_transfer_encoding(f, v, vlen);
	} else if (n == 10 && strncasecmp(p, "connection", 10) == 0) {
		sh_connection(f, v, vlen);
	}
	return 0;
}

/* Absolute-form "https://host[:port]/path": ours is served as origin-form, others refused. */
static int
sh_absolute(const char *t, size_t len, const struct strict_http_policy *p, size_t *path_off,
            struct strict_http_req *r)
{
	size_t i = 8, host, hlen;
	long port = 443;

	if (len < 8 || strncasecmp(t, "https://", 8) != 0)
		return sh_fail(r, 400, "target is not https:// or origin-form");
	host = i;
	if (i < len && t[i] == '[') {
		while (i < len && t[i] != ']')
			i++;
		i++;
	} else {
		while (i < len && t[i] != ':' && t[i] != '/' && t[i] != '?' && t[i] != '@')
			i++;
	}
	hlen = i - host;
	if (i < len && t[i] == ':') {
		port = 0;
		for (i++; i < len && t[i] >= '0' && t[i] <= '9' && port < 100000; i++)
			port = port * 10 + (t[i] - '0');
	}
	if (i > len || (i < len && t[i] != '/' && t[i] != '?') || hlen == 0)
		return sh_fail(r, 400, "bad authority in an absolute-form target");
	if (port != p->port || p->our_host == NULL || !p->our_host(t + host, hlen, p->ctx))
		return sh_fail(r, 400, "absolute-form target for another host");
	*path_off = i;
	return 0;
}

/* request-line = method SP request-target SP HTTP-version (RFC 9112 section 3). */
static int
sh_request_line(const char *p, size_t len, const struct strict_http_policy *pol,
                struct strict_http_req *r, size_t *toff, size_t *tlen, size_t *path_off)
{
	const char *sp1 = memchr(p, ' ', len), *sp2, *t, *v;
	size_t i, vlen;

	if (sp1 == NULL || sp1 == p || (size_t)(sp1 - p) >= sizeof(r->method))
		return sh_fail(r, 400, "bad request line");
	for (i = 0; p + i < sp1; i++)
		if (!sh_tchar((unsigned char)p[i]))
			return sh_fail(r, 400, "bad method");
	sh_copy(r->method, sizeof(r->method), p, (size_t)(sp1 - p));
	t = sp1 + 1;
	sp2 = memchr(t, ' ', len - (size_t)(t - p));
	if (sp2 == NULL || sp2 == t)
		return sh_fail(r, 400, "bad request line");
	*toff = (size_t)(t - p);
	*tlen = (size_t)(sp2 - t);
	sh_copy(r->target, sizeof(r->target), t, *tlen);
	for (i = 0; i < *tlen; i++)
		if ((unsigned char)t[i] <= 0x20 || (unsigned char)t[i] >= 0x7f)
			return sh_fail(r, 400, "bad character in the target");
	v = sp2 + 1;
	vlen = len - (size_t)(v - p);
	if (vlen != 8 || strncmp(v, "HTTP/1.", 7) != 0 || (v[7] != '1' && v[7] != '0'))
		return sh_fail(r, vlen == 8 && strncmp(v, "HTTP/", 5) == 0 ? 505 : 400,
		               "bad HTTP version");
	sh_copy(r->version, sizeof(r->version), v + 5, 3);
	*path_off = 0;
	if (t[0] == '/')
		return 0;
	if (*tlen == 1 && t[0] == '*') {
		r->options_star = strcmp(r->method, "OPTIONS") == 0;
		return r->options_star ? 0 : sh_fail(r, 400, "* target without OPTIONS");
	}
	if (sh_absolute(t, *tlen, pol, path_off, r) != 0)
		return 400;
	*path_off += *toff;
	return 0;
}

/* Framing from the gathered fields (RFC 9112 section 6). */
static int
sh_framing(const struct sh_fields *f, struct strict_http_req *r)
{
	int v11 = strcmp(r->version, "1.1") == 0;

	if (v11 && f->hosts == 0)
		return sh_fail(r, 400, "no Host");
	r->close = f->close || (!v11 && !f->keep_alive);
	if (f->te > 0) {
		if (f->lengths > 0)
			return sh_fail(r, 400, "both Content-Length and Transfer-Encoding");
		if (!v11)
			return sh_fail(r, 400, "Transfer-Encoding in HTTP/1.0");
		if (f->te_bad)
			return sh_fail(r, 400, "bad Transfer-Encoding");
		if (f->te_unknown)
			return sh_fail(r, 501, "unknown transfer coding");
		r->framing = STRICT_HTTP_CHUNKED;
	} else if (f->lengths > 0 && f->length > 0) {
		r->framing = STRICT_HTTP_LENGTH;
		r->length = f->length;
	}
	if (r->options_star && r->framing != STRICT_HTTP_NO_BODY)
		return sh_fail(r, 400, "OPTIONS * with a body");
	return 0;
}

int
strict_http_check_head(const char *head, size_t len, const struct strict_http_policy *p,
                       struct strict_http_req *r, size_t *toff, size_t *tlen, size_t *path_off)
{
	struct sh_fields f;
	const char *line = head, *end = head + len, *nl;
	int rc, n = 0;

	memset(r, 0, sizeof(*r));
	memset(&f, 0, sizeof(f));
	*toff = *tlen = *path_off = 0;
	for (;;) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (nl == NULL || nl == line || nl[-1] != '\r')
			return sh_fail(r, 400, "line not ended by CRLF");
		if (memchr(line, '\r', (size_t)(nl - 1 - line)) != NULL ||
		    memchr(line, '\0', (size_t)(nl - 1 - line)) != NULL)
			return sh_fail(r, 400, "bare CR or NUL in the head");
		if (line == head)
			rc = sh_request_line(line, (size_t)(nl - 1 - line), p, r, toff, tlen,
			                     path_off);
		else if (nl - 1 == line)
			break; /* the empty line */
		else if (++n > STRICT_HTTP_FIELDS_MAX)
			return sh_fail(r, 431, "too many header fields");
		else
			rc = sh_field(&f, line, (size_t)(nl - 1 - line), r);
		if (rc != 0)
			return rc;
		line = nl + 1;
	}
	if (nl + 1 != end)
		return sh_fail(r, 400, "bytes after the head");
	return sh_framing(&f, r);
}

long long
strict_http_chunk_size(const char *line, size_t len, size_t *digits)
{
	long long n = chunk_size_parse(line, len, digits);

	return n < 0 ? -1 : n;
}

/* Removes in[off, off + n) from the buffer. */
static void
sh_cut(struct strict_http_stream *s, size_t off, size_t n)
{
	memmove(s->in + off, s->in + off + n, s->len - off - n);
	s->len -= n;
}

/* Finds the end of a head starting at from: just past "\n\r\n" or "\n\n", or 0. */
static size_t
sh_head_end(const char *p, size_t from, size_t len)
{
	size_t i;

	for (i = from; i + 1 < len; i++) {
		if (p[i] != '\n')
			continue;
		if (p[i + 1] == '\n')
			return i + 2;
		if (i + 2 < len && p[i + 1] == '\r' && p[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

static int
sh_advance_head(struct strict_http_stream *s, const struct strict_http_policy *p)
{
	size_t end, toff, tlen, poff;
	int rc;

	/* RFC 9112 section 2.2: empty lines before a request line are ignored. */
	while (s->len - s->ready >= 2 && s->in[s->ready] == '\r' && s->in[s->ready + 1] == '\n')
		sh_cut(s, s->ready, 2);
	/* a head trickled a byte at a time is searched once, not once per byte */
	end = sh_head_end(s->in, s->scanned > 2 && s->scanned <= s->len ? s->scanned - 2 : 0,
	                  s->len);
	s->scanned = s->len;
	if (end == 0)
		return s->len - s->ready >= STRICT_HTTP_HEAD_MAX
		               ? sh_fail(&s->req, 431, "request head too large")
		               : 0;
	if (end - s->ready > STRICT_HTTP_HEAD_MAX)
		return sh_fail(&s->req, 431, "request head too large");
	s->scanned = 0;
	rc = strict_http_check_head(s->in + s->ready, end - s->ready, p, &s->req, &toff, &tlen,
	                            &poff);
	if (rc != 0)
		return rc;
	if (s->req.options_star) {
		sh_cut(s, s->ready, end - s->ready);
		return 0;
	}
	if (poff > 0) {
		/* absolute-form to origin-form: keep the path (a bare "?q" gets its "/") */
		if (s->in[s->ready + poff] != '/')
			s->in[s->ready + --poff] = '/';
		sh_cut(s, s->ready + toff, poff - toff);
		end -= poff - toff;
	}
	s->ready = end;
	s->heads++;
	s->left = s->req.length;
	s->state = s->req.framing == STRICT_HTTP_LENGTH    ? STRICT_HTTP_S_LENGTH
	           : s->req.framing == STRICT_HTTP_CHUNKED ? STRICT_HTTP_S_CHUNK_SIZE
	                                                   : STRICT_HTTP_S_HEAD;
	return 0;
}

/* A line ending in CRLF from s->ready: its length without CRLF, -1 when incomplete, -2 bad. */
static long
sh_line(const struct strict_http_stream *s, size_t max)
{
	const char *nl = memchr(s->in + s->ready, '\n', s->len - s->ready);
	size_t n;

	if (nl == NULL)
		return s->len - s->ready > max ? -2 : -1;
	n = (size_t)(nl - (s->in + s->ready));
	if (n == 0 || nl[-1] != '\r' || n > max)
		return -2;
	return (long)(n - 1);
}

static int
sh_advance_chunk_size(struct strict_http_stream *s)
{
	long n = sh_line(s, STRICT_HTTP_CHUNK_LINE_MAX);
	long long size;
	size_t digits;

	if (n == -1)
		return 0;
	if (n < 0 || (size = strict_http_chunk_size(s->in + s->ready, (size_t)n, &digits)) < 0)
		return sh_fail(&s->req, 400, "bad chunk size line");
	/* the extensions mean nothing to us: dropped, so civetweb sees a bare size */
	sh_cut(s, s->ready + digits, (size_t)n - digits);
	s->ready += digits + 2;
	s->left = (unsigned long long)size;
	s->state = size == 0 ? STRICT_HTTP_S_TRAILERS : STRICT_HTTP_S_CHUNK_DATA;
	return 0;
}

static int
sh_advance_trailers(struct strict_http_stream *s)
{
	long n = sh_line(s, STRICT_HTTP_HEAD_MAX);

	if (n == -1)
		return 0;
	if (n < 0 || (n > 0 && (s->in[s->ready] == ' ' || s->in[s->ready] == '\t' ||
	                        memchr(s->in + s->ready, ':', (size_t)n) == NULL)))
		return sh_fail(&s->req, 400, "bad trailer section");
	if (n > 0) {
		sh_cut(s, s->ready, (size_t)n + 2); /* trailer fields are not passed on */
		return 0;
	}
	s->ready += 2;
	s->state = STRICT_HTTP_S_HEAD;
	return 0;
}

/* Body bytes of a known count: passed on as they are. */
static void
sh_advance_data(struct strict_http_stream *s)
{
	unsigned long long take = s->len - s->ready;

	if (take > s->left)
		take = s->left;
	s->ready += (size_t)take;
	s->left -= take;
	if (s->left == 0)
		s->state = s->state == STRICT_HTTP_S_LENGTH ? STRICT_HTTP_S_HEAD
		                                            : STRICT_HTTP_S_CHUNK_CRLF;
}

int
strict_http_advance(struct strict_http_stream *s, const struct strict_http_policy *p)
{
	size_t before;
	int rc = 0;

	if (s->error != 0)
		return s->ready == 0 ? s->error : 0;
	do {
		before = s->ready + s->len * 0x10000 + s->state;
		switch (s->state) {
		case STRICT_HTTP_S_HEAD:
			/* one request at a time: the next head waits until this one is handed on */
			if (s->ready == 0 && s->ready < s->len)
				rc = sh_advance_head(s, p);
			if (rc == 0 && s->req.options_star)
				return 0; /* the caller answers before anything else */
			break;
		case STRICT_HTTP_S_LENGTH:
		case STRICT_HTTP_S_CHUNK_DATA:
			sh_advance_data(s);
			break;
		case STRICT_HTTP_S_CHUNK_SIZE:
			rc = sh_advance_chunk_size(s);
			break;
		case STRICT_HTTP_S_CHUNK_CRLF:
			if (s->len - s->ready < 2)
				break;
			if (s->in[s->ready] != '\r' || s->in[s->ready + 1] != '\n') {
				rc = sh_fail(&s->req, 400, "chunk data longer than its size");
				break;
			}
			s->ready += 2;
			s->state = STRICT_HTTP_S_CHUNK_SIZE;
			break;
		case STRICT_HTTP_S_TRAILERS:
			rc = sh_advance_trailers(s);
			break;
		}
	} while (rc == 0 && s->ready < s->len && before != s->ready + s->len * 0x10000 + s->state);
	if (rc != 0 && s->ready > 0) {
		s->error = rc; /* the head and good body bytes first: the handler answers */
		return 0;
	}
	return rc;
}
