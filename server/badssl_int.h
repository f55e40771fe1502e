/* What server/badssl.c and server/badssl_pages.c share (the badssl mode's internals). */
#ifndef SERVER_BADSSL_INT_H
#define SERVER_BADSSL_INT_H

#include <limits.h>
#include <stddef.h>

#include <openssl/ssl.h>

#include "err.h"

#define BADSSL_COLUMNS      10 /* of DIR/manifest.tsv, see docs/badssl.md */
#define BADSSL_MAX_CASES    256
#define BADSSL_MANIFEST_MAX (256 * 1024)
#define BADSSL_INDEX_HOST   "badssl.localhost"

/* One line of the manifest (pointing into server_badssl.manifest) and what serves it. */
struct badssl_entry {
	const char *name, *host, *expect, *rule, *client_exit, *chromium, *lenient, *chain, *key,
	        *note;
	SSL_CTX *ctx; /* NULL: not served here (IPv6) */
	char *page;   /* the page shown on this case's host */
	size_t page_len;
};

struct server_badssl {
	char dir[PATH_MAX / 2];
	char *manifest;
	struct badssl_entry c[BADSSL_MAX_CASES];
	int n, served;
	int ex_idx; /* SSL_CTX ex_data index: the case a context serves */
	long port;
	int pass_fd;
	char pass_spec[32];
	char index_cert[PATH_MAX], index_key[PATH_MAX];
	char *index_page;
	size_t index_len;
	const struct server_pages *pages; /* the docroot's, for /style.css */
};

#endif
