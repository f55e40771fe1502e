/*
 * A growing text buffer for the generated pages (/whoami, /echo), with HTML
 * and JSON escaping. After an allocation failure the buffer stops growing and
 * b->oom is set; the caller answers 500.
 */
#ifndef SERVER_BUF_H
#define SERVER_BUF_H

#include <stddef.h>

struct server_buf {
	char *p; /* NUL-terminated when len > 0; owned, free with server_buf_free */
	size_t len, cap;
	int oom;
};

void server_buf_add(struct server_buf *b, const char *s);
void server_buf_printf(struct server_buf *b, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
/* Appends s with & < > " ' as entities. */
void server_buf_html(struct server_buf *b, const char *s);
/* Appends s as a JSON string, quotes included (text_json_string: one rule for every program). */
void server_buf_json(struct server_buf *b, const char *s);
void server_buf_free(struct server_buf *b);

#endif
