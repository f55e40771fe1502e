/*
 * https_client: the configuration every module reads and the client's
 * limits, all in one place. The exit codes (one per failure class) are the
 * shared ones of common/exits.h.
 */
#ifndef CLIENT_H
#define CLIENT_H

#include <stddef.h>

/* Exit codes: common/exits.h, shared with https_server and https_pki. */
#include "exits.h"

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
#define CLIENT_MIN_RSA_BITS   1024 /* Chromium's floor; the policy warns below 2048 */
#define CLIENT_MIN_ECC_BITS   256
#define CLIENT_ALPN           "http/1.1"
#define CLIENT_USER_AGENT     "https_client/" HTTPS_DEMO_VERSION

/* TLS versions, as on the wire. */
#define CLIENT_TLS12 0x0303
#define CLIENT_TLS13 0x0304

struct client_config {
	const char *url;
	const char *cacert, *capath;
	const char *crlfile; /* --crlfile: CRLs the policy checks the path against */
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
	int strict; /* --strict: the policy's warnings fail too */
	const char *output, *report, *write_out;
	long connect_timeout_ms, max_time_ms;
	long long max_filesize; /* 0: no limit */
	long reconnect;
};

#endif
