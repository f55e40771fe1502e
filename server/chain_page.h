/*
 * /chain.html: this server's real certificate chain, read from its own
 * certificates at start (subject, issuer, validity, SANs, key, signature
 * algorithm, SHA-256 fingerprint, basic and name constraints, key usages, and
 * whether each signature verifies with the next certificate's key), drawn as
 * who signed whom, followed by the three checks the visitor's browser just
 * made, with the values it checked (the time now, the host it asked for
 * against the leaf's names, the chain up to the root it must already trust).
 * Every text taken from a certificate or a request is HTML-escaped.
 */
#ifndef SERVER_CHAIN_PAGE_H
#define SERVER_CHAIN_PAGE_H

#include "err.h"

struct mg_connection;
struct server_chain_page;

/*
 * Reads the chain (an OpenSSL STACK_OF(X509), leaf first; void * keeps this
 * header free of OpenSSL; only read, never kept: the leaf gets its own
 * reference). root_file (may be NULL or missing) is tried for the root: shown
 * too, marked as not sent, when it is the issuer of the last certificate and
 * its key verifies that certificate's signature. Returns 0 with *out set
 * (free with server_chain_page_free), or -1 with e set.
 */
int server_chain_page_load(struct server_chain_page **out, void *chain, const char *root_file,
                           struct err *e);

void server_chain_page_free(struct server_chain_page *p);

/* Answers GET/HEAD /chain.html for the connection. Returns the status sent. */
int server_chain_page_send(struct mg_connection *conn, const struct server_chain_page *p);

#endif
