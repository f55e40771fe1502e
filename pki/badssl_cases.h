/* The cases of the local badssl.com (badssl_cases.c), each with what every verifier must say. */
#ifndef PKI_BADSSL_CASES_H
#define PKI_BADSSL_CASES_H

#include <stddef.h>

#include "badssl_x509.h"

/* The suffix of every case's host name: https://NAME.badssl.localhost:PORT/. */
#define BADSSL_DOMAIN "badssl.localhost"

/* Which root a case's chain ends at. */
enum badssl_anchor {
	BADSSL_ANCHOR_MAIN,      /* the set's root, name-constrained to localhost/loopback */
	BADSSL_ANCHOR_WIDE,      /* a second trusted root without constraints (names cases) */
	BADSSL_ANCHOR_UNTRUSTED, /* a root nobody trusts */
	BADSSL_ANCHOR_SELF,      /* the leaf signs itself */
	BADSSL_ANCHOR_OWN,       /* the case's own root (struct badssl_case.root) */
};

enum badssl_layout {
	BADSSL_LAYOUT_CHAIN,     /* cert.pem: leaf + intermediates; key.pem encrypted */
	BADSSL_LAYOUT_LEAF_ONLY, /* cert.pem: the leaf alone */
	BADSSL_LAYOUT_CERTBOT,   /* cert.pem, chain.pem, fullchain.pem, privkey.pem */
};

#define BADSSL_MAX_INTER 2

struct badssl_case {
	const char *name;
	const char *host;     /* NULL: NAME.badssl.localhost */
	int accept;           /* 1: every verifier must accept (exactly when Chromium does) */
	const char *rule;     /* rule id of docs/badssl.md: class.rule (a warning when lenient) */
	int client_exit;      /* the exit code of https_client and https_pki verify (0: accept) */
	const char *chromium; /* "OK" or Chromium's net error (measured) */
	const char *lenient;  /* why Chromium accepts what the policy warns about, or NULL */
	int strict_exit;      /* lenient cases: the exit code with --strict */
	const char *note;     /* what the case teaches */
	enum badssl_anchor anchor;
	enum badssl_layout layout;
	struct badssl_cert root;                    /* BADSSL_ANCHOR_OWN only */
	int ninter;                                 /* 0: the anchor's shared intermediate */
	struct badssl_cert inter[BADSSL_MAX_INTER]; /* top (under the root) first */
	struct badssl_cert leaf;
};

/* The table (badssl_cases.c). */
extern const struct badssl_case badssl_cases[];
extern const size_t badssl_ncases;

#endif
