/* The badssl mode's pages: the index of cases and one page per case. */
#ifndef SERVER_BADSSL_PAGES_H
#define SERVER_BADSSL_PAGES_H

#include "err.h"

struct mg_context;
struct server_badssl;
struct server_pages;

/* Builds the index page and every case's page. Returns 0, or -1 with e set. */
int server_badssl_pages(struct server_badssl *b, struct err *e);

/*
 * Replaces the page handler: the index on badssl.localhost, a case page elsewhere;
 * /style.css from pages (the docroot's), the one stylesheet of every page.
 */
void server_badssl_attach_http(struct server_badssl *b, struct mg_context *ctx,
                               const struct server_pages *pages);

#endif
