/*
 * The server's TLS: one SSL_CTX that we build ourselves and hand to civetweb
 * through its external_ssl_ctx callback (civetweb has no passphrase option and
 * skips the protocol, cipher, session and client-verification settings when
 * its init_ssl callback loads the keys; docs/architecture.md fact 2). This is the only
 * file that talks to OpenSSL's SSL layer.
 */
#ifndef SERVER_TLS_H
#define SERVER_TLS_H

#include <stdio.h>

#include "err.h"
#include "server.h"

struct server_tls;

struct server_tls_options {
	const char *cert; /* leaf, then intermediates */
	const char *key;  /* PEM; encrypted (needs pass) or plain */
	const char *pass; /* passphrase source, or NULL: prompt when stdin is a terminal */
	const char *client_ca;
	enum server_client_cert client_cert;
	const char *keylog;                     /* NULL: none */
	int unencrypted_key;                    /* accept a plain key (mode 0600, our own file) */
	const struct server_tls_choice *choice; /* hand-picked suites etc.; NULL: defaults */
};

/* What /whoami shows: read from the server's own TLS session. */
struct server_tls_info {
	char version[16];
	char cipher[64]; /* its RFC name */
	char group[80];  /* its IANA name (tls_names.h) */
	char sni[256];   /* "" when the client sent none */
	int resumed;
	int has_cert;
	char subject[512], issuer[512];
	char serial[128];
	char not_before[40], not_after[40];
	char sha256[3 * 32 + 1];
};

/*
 * Builds the TLS context: hardened profile (TLS 1.2/1.3, ECDHE AEAD suites,
 * groups X25519/P-256/P-384, no compression or renegotiation, a bounded
 * session cache and tickets), the chain and key (the passphrase is read from
 * its source and wiped as soon as the key is decrypted), the client CA, and
 * the key log. Refuses expired leaves and keys that do not match. Warnings
 * (key file readable by others, leaf expiring soon, key log) go to stderr.
 * Returns 0 with *out set (free with server_tls_free), or -1 with e set.
 */
int server_tls_load(struct server_tls **out, const struct server_tls_options *o, struct err *e);

/* Frees t and everything it owns. NULL is fine. */
void server_tls_free(struct server_tls *t);

/* The SSL_CTX to hand to civetweb (still owned by t). */
void *server_tls_ctx(struct server_tls *t);

/* The chain sent to clients, leaf first (an OpenSSL STACK_OF(X509), still owned by t). */
void *server_tls_chain(struct server_tls *t);

/* Prints the chain's subjects and the days until the leaf expires. */
void server_tls_banner(const struct server_tls *t, FILE *f);

/*
 * The TLS connection the calling civetweb worker serves right now, or NULL.
 * civetweb gives handlers no access to its SSL object; a worker thread does a
 * connection's handshake and all its requests, so the handshake callback
 * records it per thread.
 */
void *server_tls_current(void);

/* Fills info from ssl (a server_tls_current() result). */
void server_tls_describe(void *ssl, struct server_tls_info *info);

/*
 * Is name (a host name or IP address, no port) one our certificate is for?
 * Decides which absolute-form request targets are ours.
 */
int server_tls_names_host(const struct server_tls *t, const char *name);

/* Connections (worker threads) that have started a handshake and not closed. */
long server_tls_active(void);

/* Called by the worker when civetweb closes its connection. */
void server_tls_connection_closed(void);

#endif
