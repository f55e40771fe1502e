/* Text buffer with escaping, for generated pages. */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static int
buf_reserve(struct server_buf *b, size_t more)
{
	size_t cap;
	char *np;

	if (b->oom)
		return -1;
	if (b->len + more + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 1024;
	while (cap < b->len + more + 1)
		cap *= 2;
	if ((np = realloc(b->p, cap)) == NULL) {
		b->oom = 1;
		return -1;
	}
	b->p = np;
	b->cap = cap;
	return 0;
}

static void
buf_addn(struct server_buf *b, const char *s, size_t n)
{
	if (buf_reserve(b, n) == -1)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
server_buf_add(struct server_buf *b, const char *s)
{
	buf_addn(b, s, strlen(s));
}

void
server_buf_printf(struct server_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(b, (size_t)n) == -1)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
server_buf_html(struct server_buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '&':
			server_buf_add(b, "&amp;");
			break;
		case '<':
			server_buf_add(b, "&lt;");
			break;
		case '>':
			server_buf_add(b, "&gt;");
			break;
		case '"':
			server_buf_add(b, "&quot;");
			break;
		case '\'':
			server_buf_add(b, "&#39;");
			break;
		default:
			buf_addn(b, s, 1);
		}
	}
}

void
server_buf_json(struct server_buf *b, const char *s)
{
	char *q = text_json_string(s);

	if (q == NULL)
		b->oom = 1;
	else
		server_buf_add(b, q);
	free(q);
}

void
server_buf_free(struct server_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
