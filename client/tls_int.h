/*
 * Internal to the client's tls*.c files: the TLS state of the client. Not for
 * other modules (they see struct client_tls as opaque).
 */
#ifndef CLIENT_TLS_INT_H
#define CLIENT_TLS_INT_H

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include "nc.h"
#include "tls.h"
#include "tls_trace.h"

#define CLIENT_VERIFY_ERRORS_MAX 8
#define CLIENT_ANCHORS_NC_MAX    8
/* Our own verification error, outside wolfSSL's range: a CA:FALSE certificate issued another. */
#define CLIENT_TLS_ERR_NOT_CA (-10001)
/* Our own verification error: a certificate signed with SHA-1 or MD5. */
#define CLIENT_TLS_ERR_WEAK_SIG (-10002)

/* A trusted root that carries name constraints (see nc.h). */
struct client_tls_anchor {
	char subject[256];
	struct client_nc nc;
};

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
	/* What the verify callback saw during the current handshake. */
	struct client_tls_failure failures[CLIENT_VERIFY_ERRORS_MAX];
	int nfailures;
	int chain_recorded, leaf_checked, nc_checked, asked_client_cert, have_client_cert;
	int closed_clean; /* close_notify received */
	struct client_tls_anchor anchors[CLIENT_ANCHORS_NC_MAX];
	int nanchors;
	/* Intermediates we verified in place of wolfSSL (nc.h), and the root above each. */
	struct {
		char subject[256];
		int anchor;
	} promoted[CLIENT_ANCHORS_NC_MAX];
	int npromoted;
	char nc_why[1024];             /* the name outside the constraints, and whose */
	struct client_tls_trace trace; /* the records of this connection, for -v */
};

/* Remembers the name constraints of the roots in the PEM file path. Returns 0 or -1. */
int client_tls_load_anchor_constraints(struct client_tls *t, const char *path, struct err *e);

/* wolfSSL's verify callback (WOLFSSL_ALWAYS_VERIFY_CB: called for every certificate). */
int client_tls_verify_cb(int ok, WOLFSSL_X509_STORE_CTX *store);

/*
 * Turns verification failure f into e: the message names the failed check
 * and the certificate, the fix says what to do, the code is the class.
 */
int client_tls_verify_error(const struct client_tls *t, const struct client_tls_failure *f,
                            struct err *e);

/* Reports the checks that passed after a successful handshake, then checks the pins. */
int client_tls_report_checks(struct client_tls *t, struct err *e);

/* The certificate the server sent at depth (0: the leaf), or a placeholder. */
const struct client_cert_info *client_tls_cert_at(const struct client_tls *t, int depth);

/*
 * wolfSSL refused intermediate x only for its name-constraint quirk: finish
 * its checks and let it verify the leaf. Returns 0, or the error to report.
 */
int client_tls_nc_promote(struct client_tls *t, WOLFSSL_X509 *x);

/* Applies every name constraint above the leaf to it. Returns 0, or -1 (t->nc_why set). */
int client_tls_nc_check_leaf(struct client_tls *t, WOLFSSL_X509_STORE_CTX *store);

/*
 * Turns the failed wolfSSL call's result ret (during: what we were doing)
 * into e: a certificate check that failed, a timeout, an alert from the
 * server (client certificate required, protocol version, handshake
 * failure), or another error. Returns -1.
 */
int client_tls_failure(struct client_tls *t, int ret, const char *during, struct err *e);

/* Fills ci from x. */
void client_tls_cert_info(WOLFSSL_X509 *x, struct client_cert_info *ci);

#endif
