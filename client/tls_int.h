/*
 * Internal to the client's tls*.c files: the TLS state of the client. Not for
 * other modules (they see struct client_tls as opaque).
 */
#ifndef CLIENT_TLS_INT_H
#define CLIENT_TLS_INT_H

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include "policy_check.h"
#include "tls.h"
#include "tls_trace.h"

#define CLIENT_VERIFY_ERRORS_MAX 8

struct client_tls_failure {
	int error; /* wolfSSL error code */
	int depth; /* 0: the leaf */
};

struct client_tls {
	const struct client_config *cfg;
	struct client_report *rep;
	WOLFSSL_CTX *ctx;
	WOLFSSL *ssl;
	WOLFSSL_SESSION *session; /* kept for --reconnect */
	struct client_conn *conn;
	const struct client_url *url;
	unsigned char pins[CLIENT_PINS_MAX][32];
	int npins;
	/* What wolfSSL found wrong during the current handshake (the verify callback). */
	struct client_tls_failure failures[CLIENT_VERIFY_ERRORS_MAX];
	int nfailures;
	/*
	 * The result of each check of the policy (tls_checks.c): the policy's
	 * first failure of it, or wolfSSL's when the policy passed it; code 0
	 * when it passed.
	 */
	struct err failed[CLIENT_POLICY_CHECKS];
	int chain_recorded, asked_client_cert, have_client_cert;
	int closed_clean; /* close_notify received */
	/* The certificate policy (policy_check.h): its anchors, and its verdict on this chain. */
	struct client_policy *policy;
	struct client_policy_verdict verdict;
	int policy_checked;
	int added_ca; /* a CA wolfSSL refused with -198 was added to its CAs for this handshake */
	const char *trust_file, *trust_dir; /* what tls_load_trust loaded, to reload it */
	char trust_default[4096];           /* the bundled CA file, when neither was given */
	struct client_tls_trace trace;      /* the records of this connection, for -v */
	unsigned char rx_first[5];          /* the server's first bytes: TLS, or plain HTTP? */
	size_t nrx_first;
};

/*
 * Loads the trusted CAs into wolfSSL again, dropping a CA that the verify
 * callback added for one handshake. Returns 0 or -1 with e set.
 */
int client_tls_reload_trust(struct client_tls *t, struct err *e);

#endif
