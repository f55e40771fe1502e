/*
 * The certificate policy: one set of rules, each with an id and a fix, used
 * by both verifiers (https_client after wolfSSL's checks, https_pki verify).
 * OpenSSL's libcrypto parses every certificate and builds the path; this
 * module owns the rules (docs/verification.md lists them with references).
 *
 * Verdicts follow the order a browser decides in: trust first (is there a
 * path to an anchor, are the CAs on it fit to issue), then validity, then
 * the name, then the usage, then the format of each certificate.
 */
#ifndef POLICY_H
#define POLICY_H

#include <stddef.h>
#include <time.h>

#include <openssl/x509.h>

#include "exits.h" /* policy_exit_code returns these */

/* Verdict classes, in the order they are reported. */
enum policy_class {
	POLICY_OK = 0,
	POLICY_SELF_SIGNED, /* the leaf signed itself and is not trusted */
	POLICY_INCOMPLETE,  /* evidence that the server left out an intermediate */
	POLICY_UNTRUSTED,   /* no path to an anchor, or a CA on the path unfit to issue */
	POLICY_EXPIRED,     /* a certificate of the path expired */
	POLICY_NOT_YET,     /* a certificate of the path is not yet valid */
	POLICY_NAME,        /* the host is not among the leaf's names, or the names are bad */
	POLICY_USAGE,       /* a certificate used in a role it is not for */
	POLICY_FORMAT,      /* malformed or against policy: format, key, signature */
	POLICY_REVOKED,     /* the CRL of a certificate's issuer lists it */
	POLICY_CRL_STALE,   /* a CRL needed for the path is past its nextUpdate */
	POLICY_CRL_FOREIGN, /* no CRL signed by a CA of the path covers one of its certificates */
};

enum policy_purpose {
	POLICY_PURPOSE_SERVER = 0, /* TLS server: serverAuth, a host to match */
	POLICY_PURPOSE_CLIENT,     /* TLS client: clientAuth */
	POLICY_PURPOSE_ANY,        /* no EKU demanded */
};

/*
 * How much a finding weighs. An error is a rule Chromium enforces too: the
 * chain fails. A warning is a rule stricter than Chromium (a profile rule of
 * RFC 5280 or the Baseline Requirements that browsers do not enforce): it is
 * reported with its reference and fix, and fails the chain only in strict mode.
 */
enum policy_severity {
	POLICY_ERROR = 0,
	POLICY_WARNING,
};

#define POLICY_FINDINGS_MAX 16
#define POLICY_SUBJECT_MAX  256
#define POLICY_DETAIL_MAX   400

/* One rule a certificate broke. */
struct policy_finding {
	enum policy_class cls; /* the class it fails with (in strict mode, for a warning) */
	enum policy_severity severity;
	const char *rule; /* rule id, e.g. "name.wildcard" (static) */
	int depth;        /* 0: the leaf; -1: the path as a whole */
	char subject[POLICY_SUBJECT_MAX];
	char detail[POLICY_DETAIL_MAX];
	const char *fix; /* one line (static) */
};

struct policy_result {
	struct policy_finding findings[POLICY_FINDINGS_MAX];
	int n;
	int dropped;                         /* errors beyond the maximum */
	int strict;                          /* set by policy_verify: warnings are errors */
	STACK_OF(X509) * path;               /* leaf first; owned; NULL if none was built */
	int trusted;                         /* the path ends at an anchor */
	char anchor[POLICY_SUBJECT_MAX];     /* subject of that anchor, or "" */
	char matched[POLICY_DETAIL_MAX];     /* which name matched the host, or "" */
	char anchor_file[POLICY_DETAIL_MAX]; /* set by the caller, for messages */
};

/* What to verify. */
struct policy_request {
	X509 *leaf;            /* the end-entity certificate */
	STACK_OF(X509) * sent; /* other certificates offered (may be NULL) */
	X509_STORE *anchors;   /* trusted certificates: each one may end a path */
	const char *host;      /* DNS name or IP literal (IPv6 without brackets); or NULL */
	enum policy_purpose purpose;
	time_t at;  /* 0: now */
	int strict; /* 1: the rules stricter than Chromium fail too (--strict) */
	/*
	 * CRLs (may be NULL: no revocation check). When given, every certificate
	 * of the path below its top needs a current CRL signed by its issuer, as
	 * OpenSSL's X509_V_FLAG_CRL_CHECK_ALL demands (policy/revocation.c).
	 */
	STACK_OF(X509_CRL) * crls;
};

/*
 * Builds the path from q->leaf through q->sent to an anchor of q->anchors
 * (OpenSSL checks the signatures), then applies every rule. r must be
 * zeroed by the caller, who may set r->anchor_file first (it names the CA
 * file in messages). Fills r (free its path with policy_result_free).
 * Returns 0 when the chain passes (r may still hold warnings), -1 when a
 * rule failed or nothing could be checked (r holds an error either way).
 * The anchor itself is trusted by configuration: no format, key or
 * signature rule applies to it, as in a browser.
 */
int policy_verify(const struct policy_request *q, struct policy_result *r);

/* Frees what r owns (r itself is the caller's). */
void policy_result_free(struct policy_result *r);

/* The error to report first (browser order), or NULL when r holds none (warnings aside). */
const struct policy_finding *policy_first(const struct policy_result *r);

/*
 * The check a class belongs to: "issuer", "validity", "name", "usage",
 * "policy", "revocation".
 */
const char *policy_class_check(enum policy_class cls);

/*
 * The exit code of a class (common/exits.h), the same for https_client and
 * https_pki verify: 12-18 for trust, validity, name and usage, 25 for format,
 * 26 revoked, 29 a stale CRL, 30 no usable CRL.
 */
int policy_exit_code(enum policy_class cls);

/*
 * Writes f as one line: "<check> check failed: <detail> [rule <id>;
 * certificate at depth D, 'SUBJECT']"; for a warning "warning: <detail>
 * [rule <id>; <reference>; certificate at depth D: SUBJECT]". Returns buf.
 */
const char *policy_finding_text(const struct policy_finding *f, char *buf, size_t size);

/* How many of r's findings are warnings. */
int policy_warning_count(const struct policy_result *r);

/* The reference of a rule id ("RFC 5280 4.1.2.2", "BR 7.1.2.7.10; ..."), or "". */
const char *policy_rule_ref(const char *rule);

/*
 * Applies the rules to path (leaf first, anchor last) without building or
 * verifying it: names against host (when not NULL), name constraints,
 * roles for purpose, format, keys and signatures. Appends findings to r.
 * When r->trusted is set, the last certificate is the anchor (above the
 * leaf), judged only by the rules a browser applies to an anchor; with
 * r->strict, warnings are recorded as errors. The pieces below are what
 * policy_verify runs; they are exposed for tests.
 */
void policy_check_path(STACK_OF(X509) * path, const char *host, enum policy_purpose purpose,
                       struct policy_result *r);

#endif
