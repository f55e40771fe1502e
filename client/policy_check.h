/*
 * The client's bridge to the certificate policy (policy/policy.h). This
 * header and policy_check.c use only OpenSSL's libcrypto, never wolfSSL's
 * headers (the two define the same names): the TLS code hands over the
 * DER certificates the server sent, the bridge builds the path to the
 * trusted CA file and applies every rule, and hands back one verdict.
 */
#ifndef CLIENT_POLICY_CHECK_H
#define CLIENT_POLICY_CHECK_H

#include <stddef.h>

#include "err.h"

struct client_policy;
struct client_report;

/* The policy's checks, in the order a browser decides (https_client reports them so). */
enum client_policy_check {
	CLIENT_POLICY_TRUST,    /* a path to a trusted CA, its CAs fit to issue: exit 12, 13, 14 */
	CLIENT_POLICY_VALIDITY, /* every certificate on the path valid now: 15, 16 */
	CLIENT_POLICY_NAME,     /* the host among the leaf's names: 17 */
	CLIENT_POLICY_USAGE,    /* each certificate in its role: 18 */
	CLIENT_POLICY_FORMAT,   /* format, keys, signature hashes: 25 */
	CLIENT_POLICY_CHECKS
};

/* The check a failure's exit code (common/exits.h) belongs to; anything else is trust. */
enum client_policy_check client_policy_check_of(int code);

/* The verdict on one chain. */
struct client_policy_verdict {
	int code;          /* 0, or the exit code of client.h for the first failure */
	struct err e;      /* the message and fix of that failure */
	int depth;         /* the certificate it is about (0: the leaf) */
	char anchor[256];  /* the trusted certificate that ends the path, or "" */
	char matched[400]; /* the SAN that matched the host, or "" */
	char others[400];  /* further failures, as "rule@depth" ids, or "" */
	/*
	 * Each check: whether its rules ran (0 when the chain could not be
	 * decoded, or no path could be built), and the first failure of it in
	 * browser order (failed[c].code 0: it passed), worded as v->e is.
	 */
	int ran[CLIENT_POLICY_CHECKS];
	struct err failed[CLIENT_POLICY_CHECKS];
};

/*
 * The settings of every policy check of this process (one fetch per run):
 * strict (--strict: the rules stricter than browsers fail with their exit
 * code) and the report that receives each warning (client_report_warning).
 * The defaults: not strict, no report. main.c sets them after the options.
 */
void client_policy_settings(int strict, struct client_report *rep);

/*
 * Loads the trusted certificates of cafile and of every file in capath
 * (either may be NULL). Returns 0 and *out (free with client_policy_free),
 * or -1 with e set (class DEMO_EXIT_FILE).
 */
int client_policy_new(struct client_policy **out, const char *cafile, const char *capath,
                      struct err *e);

/*
 * Loads the CRLs of path (PEM, several in one file, or one DER CRL): every
 * later check refuses a revoked certificate (exit 26) and needs a current
 * CRL from each CA of the path (29 stale, 30 none or another CA's). Returns
 * 0, or -1 with e set (class DEMO_EXIT_FILE).
 */
int client_policy_load_crls(struct client_policy *p, const char *path, struct err *e);

/*
 * Verifies the chain the server sent (der[0]: the leaf; n certificates of
 * len[i] bytes) for host (a DNS name or an IP literal, IPv6 without
 * brackets) as a TLS server: fills v. Returns 0 when it passes (its warnings
 * go to the report of client_policy_settings), -1 when not.
 */
int client_policy_check(struct client_policy *p, const unsigned char *const *der, const size_t *len,
                        int n, const char *host, struct client_policy_verdict *v);

/* Whether the DER certificate is on the path the last passing check built: 1 or 0. */
int client_policy_on_path(const struct client_policy *p, const unsigned char *der, size_t len);

/* Frees p (NULL is fine). */
void client_policy_free(struct client_policy *p);

#endif
