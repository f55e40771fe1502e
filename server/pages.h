/*
 * The pages the server answers with: every regular file under the document
 * root, read into memory once at start (bounded in count and size), so no
 * request ever touches the file system. A request can only name a page in
 * this table, which is how nothing outside the root is ever served.
 */
#ifndef SERVER_PAGES_H
#define SERVER_PAGES_H

#include <stddef.h>

#include "err.h"

struct server_page {
	char *path;       /* URL path, e.g. "/index.html" */
	const char *type; /* Content-Type */
	char *body;
	size_t len;
};

struct server_pages;

/*
 * Loads every regular file under docroot (hidden names and symbolic links are
 * skipped; at most SERVER_PAGES_MAX_FILES files of SERVER_PAGES_MAX_FILE
 * bytes, SERVER_PAGES_MAX_TOTAL in all, SERVER_PAGES_MAX_DEPTH levels).
 * Returns 0 with *out set (free with server_pages_free), or -1 with e set.
 */
int server_pages_load(struct server_pages **out, const char *docroot, struct err *e);

void server_pages_free(struct server_pages *p);

/* Number of pages loaded. */
size_t server_pages_count(const struct server_pages *p);

/*
 * Finds the page for a cleaned URL path (server_path_clean); a path ending in
 * "/" names its index.html. Returns NULL when there is none.
 */
const struct server_page *server_pages_find(const struct server_pages *p, const char *path);

/*
 * Checks and normalises a request path as civetweb passes it (undecoded:
 * decode_url is off): percent-decodes it once ("%25" is a literal "%"), then
 * refuses anything but an absolute path of printable UTF-8 (no overlong forms)
 * without "." or ".." segments, backslashes or empty segments, and any segment
 * that a second decoding would turn into one of those ("%252e%252e"), so that
 * no program after us can be fooled. Writes the result to out.
 * Returns 0, or -1 (the request deserves a 400).
 */
int server_path_clean(const char *uri, char *out, size_t size);

/* Content-Type for a file name, by extension; "application/octet-stream" when unknown. */
const char *server_pages_type(const char *name);

#endif
