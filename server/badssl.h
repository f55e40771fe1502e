/*
 * https_server --badssl DIR: a local badssl.com. Serves every case of the set
 * `https_pki badssl DIR` made (DIR/manifest.tsv) on one port, choosing each
 * connection's chain by the SNI host name (https://expired.badssl.localhost:PORT/)
 * or, for IP URLs, which send no SNI, by the loopback address the client
 * reached (127.0.0.1, 127.0.0.2). https://badssl.localhost:PORT/ lists every
 * case with what a browser and https_client say about it. Loopback only.
 */
#ifndef SERVER_BADSSL_H
#define SERVER_BADSSL_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "server.h"

struct server_badssl;
struct server_tls_options;
struct mg_context;

/* The second loopback address the mode listens on (the IP-URL cases without SNI). */
#define SERVER_BADSSL_ADDR2 "127.0.0.2"

/*
 * Reads DIR/manifest.tsv, reads the passphrase once from cfg->pass and
 * decrypts every case's key, building one SSL_CTX per case. Points o at the
 * index chain (DIR/index), with o->pass a one-shot fd: source holding the same
 * passphrase (closed by server_badssl_attach_tls or server_badssl_free).
 * Refuses a --bind outside 127.0.0.0/8. Returns 0 with *out set, or -1 with e set.
 */
int server_badssl_load(struct server_badssl **out, const struct server_config *cfg,
                       struct server_tls_options *o, struct err *e);

/* Installs the SNI callback on the server's own SSL_CTX (an SSL_CTX *). */
void server_badssl_attach_tls(struct server_badssl *b, void *main_ctx);

/* Writes civetweb's listening_ports value: both loopback addresses on cfg->port. */
void server_badssl_ports(const struct server_config *cfg, char *buf, size_t size);

/* Replaces the page handler: the index on badssl.localhost, a case page elsewhere. */
void server_badssl_attach_http(struct server_badssl *b, struct mg_context *ctx);

/* Says what is served where, and that it is loopback only. */
void server_badssl_banner(const struct server_badssl *b, FILE *f);

void server_badssl_free(struct server_badssl *b);

#endif
