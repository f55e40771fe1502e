/*
 * What the client learnt about one fetch, and how it tells the user: the -v
 * trace on stderr (curl's prefixes: "*" for steps, ">" for what we send,
 * "<" for what we receive), the --report JSON document, and the exit-code table.
 */
#ifndef CLIENT_REPORT_H
#define CLIENT_REPORT_H

#include <stdio.h>

#include "client.h"
#include "err.h"

struct client_cert_info {
	char subject[256], issuer[256];
	char not_before[32], not_after[32]; /* "YYYY-MM-DD HH:MM:SS UTC" */
	long days_left;                     /* negative once expired */
	char sans[512];                     /* "DNS:localhost, IP:127.0.0.1" */
	char key[32];                       /* "EC 256-bit", "RSA 2048-bit" */
	char sha256[96];                    /* fingerprint of the DER, hex with colons */
	int ca, self_issued;
};

enum client_check_id {
	CLIENT_CHECK_TRUST,    /* chain to a trusted CA */
	CLIENT_CHECK_VALIDITY, /* notBefore <= now <= notAfter for every certificate */
	CLIENT_CHECK_NAME,     /* the URL's host is in the leaf's SAN */
	CLIENT_CHECK_USAGE,    /* key usage and serverAuth EKU */
	CLIENT_CHECK_POLICY,   /* format, keys and signature hashes (the policy's rules) */
	CLIENT_CHECK_PIN,      /* --pinnedpubkey */
	CLIENT_CHECK_COUNT
};

enum client_check_state { CLIENT_CHECK_NOT_RUN, CLIENT_CHECK_OK, CLIENT_CHECK_FAILED };

struct client_check {
	int state;                /* enum client_check_state; NOT_RUN is shown as "not checked" */
	int code;                 /* when failed: the exit code of client.h for the failure */
	char detail[ERR_MSG_MAX]; /* what passed, or why it failed, or why it was not checked */
};

#define CLIENT_WARNINGS_MAX 8

/* A rule of the certificate policy stricter than browsers, broken but not failing (no --strict). */
struct client_warning {
	char rule[48];     /* e.g. "format.serial" */
	char ref[96];      /* e.g. "RFC 5280 4.1.2.2" */
	int depth;         /* 0: the leaf */
	char subject[256]; /* the certificate it is about */
	char detail[400];
	char fix[300];
};

struct client_report {
	int verbose;
	const char *url;
	char address[64];
	unsigned port;
	char version[16], cipher[64], group[32], alpn[32];
	int resumed, connections, resumed_count;
	struct client_cert_info chain[CLIENT_CHAIN_MAX];
	int nchain; /* certificates the server sent (at most CLIENT_CHAIN_MAX kept) */
	struct client_check checks[CLIENT_CHECK_COUNT];
	int http_status;
	unsigned long long body_bytes;
	double start;                                             /* monotonic seconds at start */
	double t_lookup, t_connect, t_tls, t_first_byte, t_total; /* seconds since start */
	struct client_warning warnings[CLIENT_WARNINGS_MAX];
	int nwarnings; /* kept (at most CLIENT_WARNINGS_MAX), each once per fetch */
	int exit_code;
	char error[ERR_MSG_MAX];
	char fix[ERR_FIX_MAX];
};

/* Monotonic clock in seconds. */
double client_now(void);

/*
 * Empties what r holds about one connection (negotiated parameters, status),
 * keeping the chain and checks of the last full handshake, and the counters.
 */
void client_report_reset(struct client_report *r);

/* With -v, prints "<prefix> message" on stderr. */
void client_report_step(const struct client_report *r, char prefix, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/*
 * Records a check's result: state (enum client_check_state), code (the exit
 * code when it failed, else 0) and detail; with -v, traces it as one line.
 */
void client_report_check(struct client_report *r, enum client_check_id id, int state, int code,
                         const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The name of a state for -v and JSON: "ok", "failed", "not checked". */
const char *client_check_state_name(int state);

/*
 * Records a policy warning w (once per fetch, however many handshakes) and,
 * with -v, prints "* warning: DETAIL [rule R; REF; certificate at depth D:
 * SUBJECT]" and "* fix: FIX".
 */
void client_report_warning(struct client_report *r, const struct client_warning *w);

/* With -v, prints the chain as the server sent it. */
void client_report_chain(const struct client_report *r);

/* --report: writes the JSON document to path ("-" for stdout). Returns 0 or -1 with e set. */
int client_report_json(const struct client_report *r, const char *path, struct err *e);

/* Name of a check for messages and JSON. */
const char *client_check_name(enum client_check_id id);

#endif
