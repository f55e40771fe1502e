/*
 * The chain driver: OpenSSL builds the path and checks signatures and
 * dates; its findings are turned into our verdict classes, then every rule
 * group runs on the path. Checks that a rule group owns (CA flags, path
 * length, name constraints, key sizes, critical extensions) are left to
 * the rules, so both verifiers give the same reasons.
 */
#include "policy.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "findings.h"
#include "format.h"
#include "keys.h"
#include "nc.h"
#include "policy_names.h"
#include "revocation.h"
#include "roles.h"

#define VERIFY_SEEN_MAX 16

struct verify_seen {
	int error[VERIFY_SEEN_MAX], depth[VERIFY_SEEN_MAX];
	X509 *cert[VERIFY_SEEN_MAX];
	int n;
};

const char *
policy_class_check(enum policy_class cls)
{
	switch (cls) {
	case POLICY_OK:
		return "no";
	case POLICY_SELF_SIGNED:
	case POLICY_INCOMPLETE:
	case POLICY_UNTRUSTED:
		return "issuer";
	case POLICY_EXPIRED:
	case POLICY_NOT_YET:
		return "validity";
	case POLICY_NAME:
		return "name";
	case POLICY_USAGE:
		return "usage";
	case POLICY_REVOKED:
	case POLICY_CRL_STALE:
	case POLICY_CRL_FOREIGN:
		return "revocation";
	default:
		return "policy";
	}
}

int
policy_exit_code(enum policy_class cls)
{
	switch (cls) {
	case POLICY_OK:
		return DEMO_EXIT_OK;
	case POLICY_SELF_SIGNED:
		return DEMO_EXIT_SELF_SIGNED;
	case POLICY_INCOMPLETE:
		return DEMO_EXIT_INCOMPLETE;
	case POLICY_EXPIRED:
		return DEMO_EXIT_EXPIRED;
	case POLICY_NOT_YET:
		return DEMO_EXIT_NOT_YET;
	case POLICY_NAME:
		return DEMO_EXIT_NAME;
	case POLICY_USAGE:
		return DEMO_EXIT_ROLE;
	case POLICY_FORMAT:
		return DEMO_EXIT_POLICY;
	case POLICY_REVOKED:
		return DEMO_EXIT_REVOKED;
	case POLICY_CRL_STALE:
		return DEMO_EXIT_CRL_STALE;
	case POLICY_CRL_FOREIGN:
		return DEMO_EXIT_CRL_FOREIGN;
	default:
		return DEMO_EXIT_UNTRUSTED;
	}
}

/* Browser order: the path's trust, the CAs, validity, name, usage, format. */
static int
verify_rank(const struct policy_finding *f)
{
	if (strncmp(f->rule, "trust.", 6) == 0)
		return 0;
	switch (f->cls) {
	case POLICY_SELF_SIGNED:
	case POLICY_INCOMPLETE:
	case POLICY_UNTRUSTED:
		return 1;
	/* A revoked certificate is refused before its dates are looked at (after trust). */
	case POLICY_REVOKED:
	case POLICY_CRL_STALE:
	case POLICY_CRL_FOREIGN:
		return 1;
	case POLICY_EXPIRED:
	case POLICY_NOT_YET:
		return 2;
	case POLICY_NAME:
		return 3;
	case POLICY_USAGE:
		return 4;
	default:
		return 5;
	}
}

const struct policy_finding *
policy_first(const struct policy_result *r)
{
	const struct policy_finding *best = NULL;
	int i;

	for (i = 0; i < r->n; i++)
		if (r->findings[i].severity == POLICY_ERROR &&
		    (best == NULL || verify_rank(&r->findings[i]) < verify_rank(best)))
			best = &r->findings[i];
	return best;
}

int
policy_warning_count(const struct policy_result *r)
{
	int i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->findings[i].severity == POLICY_WARNING;
	return n;
}

/* The references of the rules that can be warnings (docs/verification.md has them all). */
static const struct {
	const char *rule, *ref;
} policy_refs[] = {
        {"name.dns-syntax", "RFC 1034 3.5; BR 7.1.2.7.12"},
        {"name.cn-in-san", "BR 7.1.4.3"},
        {"nc.on-leaf", "RFC 5280 4.2.1.10"},
        {"nc.malformed", "RFC 5280 4.2.1.10"},
        {"role.leaf-is-ca", "BR 7.1.2.7.8"},
        {"role.leaf-keycertsign", "RFC 5280 4.2.1.3; BR 7.1.2.7.11"},
        {"role.eku", "RFC 5280 4.2.1.12; BR 7.1.2.7.10"},
        {"role.root-eku", "BR 7.1.2.1.2"},
        {"role.ca-basic-constraints", "RFC 5280 4.2.1.9"},
        {"role.ca-keycertsign", "RFC 5280 4.2.1.3"},
        {"format.ca-v3", "RFC 5280 4.1.2.1, 6.1.4 (k)"},
        {"format.serial", "RFC 5280 4.1.2.2"},
        {"format.aki", "RFC 5280 4.2.1.1"},
        {"format.ski", "RFC 5280 4.2.1.2"},
        {"format.criticality", "RFC 5280 4.2.1.1, 4.2.1.2, 4.2.1.6, 4.2.1.9"},
        {"key.rsa-size", "BR 6.1.5"},
};

const char *
policy_rule_ref(const char *rule)
{
	size_t i;

	for (i = 0; rule != NULL && i < sizeof(policy_refs) / sizeof(policy_refs[0]); i++)
		if (strcmp(policy_refs[i].rule, rule) == 0)
			return policy_refs[i].ref;
	return "";
}

const char *
policy_finding_text(const struct policy_finding *f, char *buf, size_t size)
{
	if (f->severity == POLICY_WARNING)
		snprintf(buf, size, "warning: %s [rule %s; %s; certificate at depth %d: %.120s]",
		         f->detail, f->rule, policy_rule_ref(f->rule), f->depth, f->subject);
	else if (f->depth < 0)
		snprintf(buf, size, "%s check failed: %s [rule %s]", policy_class_check(f->cls),
		         f->detail, f->rule);
	else
		snprintf(buf, size,
		         "%s check failed: %s [rule %s; certificate at depth %d: %.120s]",
		         policy_class_check(f->cls), f->detail, f->rule, f->depth, f->subject);
	return buf;
}

void
policy_check_path(STACK_OF(X509) * path, const char *host, enum policy_purpose purpose,
                  struct policy_result *r)
{
	if (path == NULL || sk_X509_num(path) < 1)
		return;
	policy_check_names(sk_X509_value(path, 0), host, purpose, r);
	policy_check_constraints(path, r);
	policy_check_roles(path, purpose, r);
	policy_check_format(path, r);
	policy_check_keys(path, r);
}

static int
verify_cb(int ok, X509_STORE_CTX *ctx)
{
	struct verify_seen *s = X509_STORE_CTX_get_app_data(ctx);
	int err = X509_STORE_CTX_get_error(ctx), depth = X509_STORE_CTX_get_error_depth(ctx), i;

	if (ok || s == NULL)
		return ok;
	for (i = 0; i < s->n; i++)
		if (s->error[i] == err && s->depth[i] == depth)
			return 1;
	if (s->n < VERIFY_SEEN_MAX) {
		/* A reference of our own: the context and its chain are gone when we report. */
		X509 *x = X509_STORE_CTX_get_current_cert(ctx);
		if (x != NULL)
			X509_up_ref(x);
		s->error[s->n] = err;
		s->depth[s->n] = depth;
		s->cert[s->n++] = x;
	}
	/* Go on: the path as far as it goes is what the rules and the report need. */
	return 1;
}

/* Whether x says where its issuer can be fetched (AIA caIssuers): the evidence of a gap. */
static int
verify_has_ca_issuers(X509 *x)
{
	AUTHORITY_INFO_ACCESS *aia = X509_get_ext_d2i(x, NID_info_access, NULL, NULL);
	int i, found = 0;

	for (i = 0; i < sk_ACCESS_DESCRIPTION_num(aia); i++)
		found |= OBJ_obj2nid(sk_ACCESS_DESCRIPTION_value(aia, i)->method) ==
		         NID_ad_ca_issuers;
	AUTHORITY_INFO_ACCESS_free(aia);
	return found;
}

/* The issuer of x is neither sent nor trusted. */
static void
verify_no_issuer(struct policy_result *r, X509 *x, int depth)
{
	char issuer[POLICY_SUBJECT_MAX];

	X509_NAME_oneline(X509_get_issuer_name(x), issuer, sizeof(issuer));
	/* OpenSSL matches no issuer to a certificate it cannot read: format.c says why. */
	if (X509_get_extension_flags(x) & EXFLAG_INVALID)
		return;
	if (verify_has_ca_issuers(x))
		policy_add(r, POLICY_INCOMPLETE, "trust.incomplete-chain", depth, x,
		           "configure the server with the full chain (leaf followed by the "
		           "intermediates), as certificates/site_public_key.pem holds it",
		           "incomplete chain: the server did not send the intermediate '%.150s', "
		           "which the certificate names as published elsewhere (AIA caIssuers)",
		           issuer);
	else
		policy_add(r, POLICY_UNTRUSTED, "trust.untrusted-issuer", depth, x,
		           "trust the CA that issued it (https_client --cacert, https_pki verify "
		           "--ca), if you trust it; or have the server send its full chain; if the "
		           "CA was just remade (https_pki init --force), reload the server: kill "
		           "-HUP PID",
		           "untrusted issuer: '%.150s' was neither sent by the server nor is in %s "
		           "(the server may also have left out an intermediate)",
		           issuer, r->anchor_file[0] ? r->anchor_file : "the trusted CA file");
}

/*
 * The certificate's period ended or has not begun. Both bounds are inclusive
 * (RFC 5280 4.1.2.5): OpenSSL calls a certificate expired at its notAfter
 * instant itself, which this corrects.
 */
static void
verify_validity(struct policy_result *r, int err, int depth, X509 *x, time_t at)
{
	int after = err == X509_V_ERR_CERT_HAS_EXPIRED ||
	            err == X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD;
	char when[64] = "(unreadable date)";
	struct tm tm;

	if (err == X509_V_ERR_CERT_HAS_EXPIRED &&
	    ASN1_TIME_cmp_time_t(X509_get0_notAfter(x), at) == 0)
		return;
	memset(&tm, 0, sizeof(tm));
	if (ASN1_TIME_to_tm(after ? X509_get0_notAfter(x) : X509_get0_notBefore(x), &tm) == 1)
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	if (after)
		policy_add(r, POLICY_EXPIRED, "validity.expired", depth, x,
		           "renew it (https_pki issue), or check this machine's clock: date -u",
		           "the certificate expired on %s", when);
	else
		policy_add(r, POLICY_NOT_YET, "validity.not-yet-valid", depth, x,
		           "check this machine's clock (date -u), or reissue the certificate with "
		           "a start date in the past",
		           "the certificate is not valid before %s", when);
}

/* OpenSSL's errors that a rule of ours owns (roles.c, nc.c, format.c, keys.c). */
static int
verify_owned_by_rules(int err)
{
	switch (err) {
	case X509_V_ERR_INVALID_CA:
	case X509_V_ERR_PATH_LENGTH_EXCEEDED:
	case X509_V_ERR_INVALID_PURPOSE:
	case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
	case X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION:
	case X509_V_ERR_INVALID_NON_CA:
	case X509_V_ERR_INVALID_EXTENSION:
	case X509_V_ERR_PERMITTED_VIOLATION:
	case X509_V_ERR_EXCLUDED_VIOLATION:
	case X509_V_ERR_SUBTREE_MINMAX:
	case X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE:
	case X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX:
	case X509_V_ERR_UNSUPPORTED_NAME_SYNTAX:
	case X509_V_ERR_EE_KEY_TOO_SMALL:
	case X509_V_ERR_CA_KEY_TOO_SMALL:
	case X509_V_ERR_CA_MD_TOO_WEAK:
	case X509_V_ERR_EC_KEY_EXPLICIT_PARAMS:
		return 1;
	default:
		return 0;
	}
}

/*
 * Turns one OpenSSL verification error into a finding (or none, when a rule
 * owns it). Returns 1 when the error means the path does not reach an anchor.
 */
static int
verify_map(struct policy_result *r, int err, int depth, X509 *x, time_t at)
{
	const char *file = r->anchor_file[0] ? r->anchor_file : "the trusted CA file";

	if (x != NULL && verify_owned_by_rules(err))
		return 0;
	switch (x != NULL ? err : X509_V_ERR_UNSPECIFIED) {
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		policy_add(r, POLICY_SELF_SIGNED, "trust.self-signed", depth, x,
		           "have the server use a certificate issued by your CA (https_pki "
		           "issue), or trust this one as a CA file if you made it",
		           "the certificate is self-signed, and it is not in %s", file);
		return 1;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		verify_no_issuer(r, x, depth);
		return 1;
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_CERT_UNTRUSTED:
	case X509_V_ERR_CERT_REJECTED:
		policy_add(r, POLICY_UNTRUSTED, "trust.untrusted-root", depth, x,
		           "add that root to the trusted CA file, if you trust it (and only then)",
		           "the chain leads to a root that is not in %s", file);
		return 1;
	case X509_V_ERR_CERT_SIGNATURE_FAILURE:
	case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
	case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
		policy_add(
		        r, POLICY_UNTRUSTED, "trust.signature", depth, x,
		        "the certificate was altered or signed by another key: reissue it",
		        "the signature on the certificate does not verify with its issuer's key");
		return 1;
	case X509_V_ERR_CERT_HAS_EXPIRED:
	case X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD:
	case X509_V_ERR_CERT_NOT_YET_VALID:
	case X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD:
		verify_validity(r, err, depth, x, at);
		return 0;
	default:
		policy_add(r, POLICY_UNTRUSTED, "trust.chain", depth, x,
		           "the chain is not a valid path to your CA: reissue it with https_pki",
		           "%s (OpenSSL verify error %d)", X509_verify_cert_error_string(err), err);
		return 1;
	}
}

static int
verify_build(const struct policy_request *q, time_t at, struct policy_result *r,
             struct verify_seen *s)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	X509_VERIFY_PARAM *param;
	int rc = -1;

	if (ctx == NULL || !X509_STORE_CTX_init(ctx, q->anchors, q->leaf, q->sent))
		goto done;
	param = X509_STORE_CTX_get0_param(ctx);
	/* Every certificate in the CA file may end a path, as in wolfSSL and browsers. */
	X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
	/* Key and hash strength are rules of ours (keys.c), with their own messages. */
	X509_VERIFY_PARAM_set_auth_level(param, 0);
	X509_VERIFY_PARAM_set_time(param, at);
	X509_STORE_CTX_set_app_data(ctx, s);
	X509_STORE_CTX_set_verify_cb(ctx, verify_cb);
	if (X509_verify_cert(ctx) < 0 && s->n == 0)
		goto done;
	r->path = X509_STORE_CTX_get1_chain(ctx);
	rc = r->path != NULL ? 0 : -1;
done:
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
	return rc;
}

int
policy_verify(const struct policy_request *q, struct policy_result *r)
{
	struct verify_seen s;
	time_t at = q->at != 0 ? q->at : time(NULL);
	int i, untrusted = 0;

	memset(&s, 0, sizeof(s));
	r->strict = q->strict;
	if (verify_build(q, at, r, &s) == -1) {
		for (i = 0; i < s.n; i++)
			X509_free(s.cert[i]);
		policy_add(r, POLICY_UNTRUSTED, "trust.chain", -1, NULL,
		           "check that the files hold certificates (PEM)",
		           "the certificate path could not be built");
		return -1;
	}
	for (i = 0; i < s.n; i++) {
		untrusted |= verify_map(r, s.error[i], s.depth[i], s.cert[i], at);
		X509_free(s.cert[i]);
	}
	r->trusted = !untrusted;
	if (r->trusted)
		policy_subject(sk_X509_value(r->path, sk_X509_num(r->path) - 1), r->anchor,
		               sizeof(r->anchor));
	if (q->crls != NULL)
		policy_check_revocation(r->path, q->crls, at, r);
	policy_check_path(r->path, q->host, q->purpose, r);
	return policy_first(r) != NULL || r->dropped > 0 ? -1 : 0;
}

void
policy_result_free(struct policy_result *r)
{
	if (r == NULL)
		return;
	sk_X509_pop_free(r->path, X509_free);
	r->path = NULL;
}
