/*
 * Exit codes: one number per meaning, the same in https_client, https_server
 * and https_pki. Each program's --help prints the rows that apply to it
 * (exits_usage), and docs/architecture.md has the whole table. Scripts rely
 * on these numbers: a meaning never changes its number, new ones are added.
 */
#ifndef DEMO_EXITS_H
#define DEMO_EXITS_H

#include <stdio.h>

#include "err.h"

enum demo_exit {
	DEMO_EXIT_OK = 0,
	DEMO_EXIT_INTERNAL = 1,     /* no class of its own: library failure, out of memory */
	DEMO_EXIT_USAGE = 2,        /* bad command line, bad URL, a word where a source belongs */
	DEMO_EXIT_RESOLVE = 3,      /* the host name did not resolve */
	DEMO_EXIT_CONNECT = 4,      /* the connection was refused or failed */
	DEMO_EXIT_TIMEOUT = 5,      /* a time limit ran out */
	DEMO_EXIT_PASSPHRASE = 6,   /* an encrypted key, and its passphrase wrong or not given */
	DEMO_EXIT_LISTEN = 7,       /* cannot listen on the address and port */
	DEMO_EXIT_EXISTS = 8,       /* an output file exists (--force replaces it) */
	DEMO_EXIT_CONFIG = 9,       /* a malformed configuration file */
	DEMO_EXIT_TLS = 10,         /* the TLS handshake failed, or a record after it */
	DEMO_EXIT_NO_CERT = 11,     /* the server sent no certificate */
	DEMO_EXIT_UNTRUSTED = 12,   /* no trusted issuer, or a CA unfit to issue this certificate */
	DEMO_EXIT_SELF_SIGNED = 13, /* a self-signed certificate */
	DEMO_EXIT_INCOMPLETE = 14,  /* the chain lacks an intermediate (with evidence) */
	DEMO_EXIT_EXPIRED = 15,     /* a certificate expired */
	DEMO_EXIT_NOT_YET = 16,     /* a certificate is not yet valid */
	DEMO_EXIT_NAME = 17,        /* the name check failed */
	DEMO_EXIT_ROLE = 18,        /* a certificate used in a role it is not for */
	DEMO_EXIT_CLIENT_CERT = 19, /* the server wants a client certificate, or refused ours */
	DEMO_EXIT_PIN = 20,         /* the pinned public key does not match */
	DEMO_EXIT_REDIRECT = 21,    /* a redirect refused */
	DEMO_EXIT_HTTP = 22,        /* HTTP status >= 400 with --fail */
	DEMO_EXIT_PROTOCOL = 23,    /* a malformed or oversized HTTP response */
	DEMO_EXIT_FILE = 24,        /* a local file missing, unreadable, not what was expected */
	DEMO_EXIT_POLICY = 25,      /* a certificate malformed or against policy */
	DEMO_EXIT_REVOKED = 26,     /* a certificate of the path is revoked (CRL) */
	DEMO_EXIT_REVOKED_TWICE = 27,  /* revoke: the certificate is already revoked */
	DEMO_EXIT_UNKNOWN_SERIAL = 28, /* revoke: this CA issued no certificate with that serial */
	DEMO_EXIT_CRL_STALE = 29,      /* a CRL past its nextUpdate (or before its thisUpdate) */
	DEMO_EXIT_CRL_FOREIGN = 30,    /* a CRL not from the path's CA: another signer, or none */
};

/* Which programs use a code (a bit set). */
#define DEMO_PROG_CLIENT 1u
#define DEMO_PROG_SERVER 2u
#define DEMO_PROG_PKI    4u

struct demo_exit_row {
	int code;
	unsigned progs;      /* DEMO_PROG_* bits */
	const char *meaning; /* one line, the same for every program */
};

/* The table, in code order, ended by a row with meaning NULL. */
const struct demo_exit_row *exits_table(void);

/* The meaning of code, or NULL when it has none. */
const char *exits_meaning(int code);

/* Prints "exit codes:" and the rows used by prog (a DEMO_PROG_* bit) to f. */
void exits_usage(FILE *f, unsigned prog);

/*
 * When e has no fix yet, sets the one its class calls for (a usage error:
 * "see PROG --help"; a file error: check the path and permissions; ...), so
 * no failure is printed without one. The fix a message sets itself is better
 * and is kept. prog is the program's name, e.g. "https_client".
 */
void exits_default_fix(struct err *e, const char *prog);

#endif
