/*
 * https_client: the configuration every module reads, the exit codes (one
 * per failure class; the table in --help and docs/client.md is built from
 * client_exit_table()), and the client's limits, all in one place.
 */
#ifndef CLIENT_H
#define CLIENT_H

#include <stddef.h>

/* Exit codes. docs/architecture.md fixes these numbers; other tests rely on them. */
enum client_exit {
	CLIENT_EXIT_OK = 0,
	CLIENT_EXIT_INTERNAL = 1,     /* out of memory, library failure */
	CLIENT_EXIT_USAGE = 2,        /* usage error or bad URL */
	CLIENT_EXIT_RESOLVE = 3,      /* name resolution failed */
	CLIENT_EXIT_CONNECT = 4,      /* connection refused or failed */
	CLIENT_EXIT_TIMEOUT = 5,      /* connect or overall timeout */
	CLIENT_EXIT_TLS = 10,         /* handshake failed: no common protocol or cipher, other */
	CLIENT_EXIT_NO_CERT = 11,     /* server sent no certificate */
	CLIENT_EXIT_UNTRUSTED = 12,   /* untrusted issuer, a CA unfit to issue (name constraints) */
	CLIENT_EXIT_SELF_SIGNED = 13, /* self-signed leaf */
	CLIENT_EXIT_INCOMPLETE = 14,  /* server did not send the intermediate (with evidence) */
	CLIENT_EXIT_EXPIRED = 15,     /* certificate expired */
	CLIENT_EXIT_NOT_YET = 16,     /* certificate not yet valid */
	CLIENT_EXIT_NAME = 17,        /* name mismatch, bad or missing names */
	CLIENT_EXIT_KEY_USAGE = 18,   /* wrong role: key usage, extended key usage, CA as leaf */
	CLIENT_EXIT_CLIENT_CERT = 19, /* server requires a client certificate */
	CLIENT_EXIT_PIN = 20,         /* pinned public key mismatch */
	CLIENT_EXIT_REDIRECT = 21,    /* -L: redirect refused (other origin, too many) */
	CLIENT_EXIT_HTTP = 22,        /* HTTP status >= 400 with --fail */
	CLIENT_EXIT_PROTOCOL = 23,    /* malformed or oversized HTTP response */
	CLIENT_EXIT_FILE = 24,        /* local file error */
	CLIENT_EXIT_POLICY = 25, /* certificate malformed or against policy: format, key, hash */
};

struct client_exit_row {
	int code;
	const char *meaning;
};

/* The exit-code table, ended by a row with meaning NULL. */
const struct client_exit_row *client_exit_table(void);

/* Limits. */
#define CLIENT_HEADERS_MAX         32                  /* -H options */
#define CLIENT_RESOLVE_MAX         8                   /* --resolve options */
#define CLIENT_PINS_MAX            8                   /* sha256// hashes in --pinnedpubkey */
#define CLIENT_CHAIN_MAX           8                   /* certificates reported per connection */
#define CLIENT_REDIRECTS_MAX       5                   /* -L */
#define CLIENT_RECONNECT_MAX       100                 /* --reconnect */
#define CLIENT_DATA_MAX            (16L * 1024 * 1024) /* -d @file */
#define CLIENT_CA_FILE_MAX         (4L * 1024 * 1024)
#define CLIENT_DEFAULT_MAX_TIME_MS 0     /* no overall limit unless --max-time */
#define CLIENT_DEFAULT_CONNECT_MS  30000 /* as curl's tools: a connect that hangs ends */

/* Safe TLS defaults (docs/architecture.md fact 5). */
#define CLIENT_TLS13_SUITES \
	"TLS13-AES128-GCM-SHA256:TLS13-AES256-GCM-SHA384:TLS13-CHACHA20-POLY1305-SHA256"
#define CLIENT_TLS12_SUITES                                            \
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:" \
	"ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:"   \
	"ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305"
#define CLIENT_DEFAULT_CURVES "X25519:P-256"
#define CLIENT_MIN_RSA_BITS   2048
#define CLIENT_MIN_ECC_BITS   256
#define CLIENT_ALPN           "http/1.1"
#define CLIENT_USER_AGENT     "https_client/" HTTPS_DEMO_VERSION

/* TLS versions, as on the wire. */
#define CLIENT_TLS12 0x0303
#define CLIENT_TLS13 0x0304

struct client_config {
	const char *url;
	const char *cacert, *capath;
	const char *cert, *key, *pass;
	const char *pinned;
	const char *resolve[CLIENT_RESOLVE_MAX];
	int nresolve;
	int tls_min, tls_max; /* CLIENT_TLS12 / CLIENT_TLS13 */
	const char *ciphers, *tls13_ciphers, *curves;
	const char *method;
	const char *headers[CLIENT_HEADERS_MAX];
	int nheaders;
	const char *data; /* -d: literal, or @file */
	int head, include, silent, show_error, fail, insecure, location, verbose, help, version;
	const char *output, *report, *write_out;
	long connect_timeout_ms, max_time_ms;
	long long max_filesize; /* 0: no limit */
	long reconnect;
};

#endif
