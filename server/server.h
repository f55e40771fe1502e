/*
 * https_server: the configuration every part shares, the server's defaults,
 * and the entry point main() calls.
 */
#ifndef SERVER_H
#define SERVER_H

#include <stdio.h>

#include "err.h"
#include "exits.h" /* the exit codes, shared with the client and https_pki */
#include "tls_profile.h"

/* Defaults of the server (the shared ones, port and files, are in defaults.h). */
#define SERVER_DEFAULT_THREADS    1200 /* most civetweb workers = connections held at once */
#define SERVER_MAX_THREADS        4096
#define SERVER_HANDSHAKE_MS       5000  /* TCP accept to TLS handshake done */
#define SERVER_HEAD_MS            10000 /* first byte of a request head to its end */
#define SERVER_BODY_MS            30000 /* a whole request body */
#define SERVER_IDLE_MS            5000  /* keep-alive: between requests */
#define SERVER_LISTEN_BACKLOG     "4096"
#define SERVER_LOG_MESSAGES_PER_S 10           /* civetweb messages on stderr, at most */
#define SERVER_MAX_REQUEST_HEAD   "16384"      /* bytes of request line + headers */
#define SERVER_ECHO_MAX_BODY      65536        /* POST /echo: 413 beyond this */
#define SERVER_ECHO_DRAIN_MAX     (256 * 1024) /* bytes past the cap read before a 413 */
#define SERVER_SHUTDOWN_GRACE_S   5            /* in-flight requests get this long */
#define SERVER_HSTS_MAX_AGE       "63072000"   /* two years */
#define SERVER_EXPIRY_WARN_DAYS   30
#define SERVER_PAGES_MAX_FILES    256
#define SERVER_PAGES_MAX_FILE     (2L * 1024 * 1024)
#define SERVER_PAGES_MAX_TOTAL    (16L * 1024 * 1024)
#define SERVER_PAGES_MAX_DEPTH    8
#define SERVER_PASS_PROMPT        "Enter PEM pass phrase:"

enum server_client_cert {
	SERVER_CLIENT_CERT_NONE,     /* no --client-ca: never asked for */
	SERVER_CLIENT_CERT_OPTIONAL, /* asked for; a handshake without one succeeds */
	SERVER_CLIENT_CERT_REQUIRED, /* the handshake fails without a valid one */
};

struct server_config {
	const char *bind;
	long port;
	const char *cert; /* leaf followed by intermediates (PEM) */
	const char *key;  /* PEM private key, encrypted or not */
	const char *pass; /* passphrase source (passphrase.h), or NULL */
	const char *docroot;
	const char *client_ca; /* CA file for client certificates, or NULL */
	enum server_client_cert client_cert;
	const char *keylog;     /* NSS key log file, or NULL */
	const char *access_log; /* "-" for stdout, "off", or a file */
	const char *badssl;     /* --badssl DIR: serve https_pki badssl's set by SNI (badssl.h) */
	long threads;
	long handshake_ms, head_ms, body_ms, idle_ms; /* deadlines (conn.h) */
	struct server_tls_choice tls; /* --ciphers, --tls13-ciphers, --groups, --tls-min/max */
	int quiet;                    /* no access log on stdout */
	long http_port;               /* plain-HTTP listener (ACME challenges, redirects), or 0 */
	const char *acme_webroot;     /* where the ACME client writes challenge files, or NULL */
	const char *crl_dir;          /* CRLs served at http://.../crl/NAME.crl, or NULL */
	int unencrypted_key;          /* accept a plain key file (mode 0600, our own) */
	int help, version;

	/* storage behind the defaults resolved by file_default_path() */
	char cert_buf[4096], key_buf[4096], docroot_buf[4096];
};

/*
 * Loads everything, starts listening, prints the readiness line, serves until
 * SIGINT or SIGTERM, then stops gracefully. Returns 0, or -1 with e set when
 * it refused to start.
 */
int server_run(const struct server_config *cfg, struct err *e);

#endif
