/*
 * https_pki verify: checks a chain with the certificate policy the client
 * uses too (policy/policy.h), and reports each check by name in the order a
 * browser decides: trusted issuer, validity, name, usage, policy (format,
 * keys, signatures). Every rule that failed is listed with its id, the
 * certificate it is about and a fix; so is every warning (a rule stricter
 * than Chromium, which fails only with --strict), with its reference. A check
 * that was not made says "not checked", never "ok".
 */
#include "verify.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "certfile.h"
#include "cli.h"
#include "defaults.h"
#include "err.h"
#include "fileio.h"
#include "names.h"
#include "opts.h"
#include "pki.h"
#include "policy.h"
#include "revocation.h"

static struct verify_opts {
	const char *chain, *ca, *host, *at, *purpose, *crl;
	int strict;
} verify_opts;

struct verify_state {
	X509 *leaf;
	STACK_OF(X509) * untrusted;
	X509_STORE *anchors;
	STACK_OF(X509_CRL) * crls; /* --crl, or NULL */
	char ca_file[4096];
	time_t at;
	enum policy_purpose purpose;
};

/* state: "ok", "FAILED", "warning", or "" for a check that was not made. */
static void
line(const char *check, const char *state, const char *detail)
{
	printf("  %-15s %-7s %s\n", check, state, detail);
}

/* The first finding of severity sev of the checks named check, or NULL. */
static const struct policy_finding *
verify_finding(const struct policy_result *r, const char *check, enum policy_severity sev)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (r->findings[i].severity == sev &&
		    strcmp(policy_class_check(r->findings[i].cls), check) == 0)
			return &r->findings[i];
	return NULL;
}

/* What a passing check says; returns 0 when the check was not made. */
static int
verify_ok_detail(const struct verify_state *s, const struct policy_result *r, const char *check,
                 const char *host, char *buf, size_t size)
{
	char nb[40], na[40], sub[POLICY_SUBJECT_MAX];
	time_t a = 0, b = 0;
	struct err e;
	size_t used = 0;
	int i;

	buf[0] = '\0';
	if (strcmp(check, "name") == 0 && host == NULL) {
		snprintf(buf, size, "not checked (no --host)");
		return 0;
	}
	if (strcmp(check, "usage") == 0 && s->purpose == POLICY_PURPOSE_ANY) {
		snprintf(buf, size, "not checked (--purpose any)");
		return 0;
	}
	if (strcmp(check, "revocation") == 0 && s->crls == NULL) {
		snprintf(buf, size, "not checked (no --crl)");
		return 0;
	}
	if (strcmp(check, "issuer") == 0) {
		for (i = 0; r->path != NULL && i < sk_X509_num(r->path) && used + 1 < size; i++) {
			int n;
			X509_NAME_oneline(X509_get_subject_name(sk_X509_value(r->path, i)), sub,
			                  sizeof(sub));
			n = snprintf(buf + used, size - used, "%s'%s'", i ? " <- " : "", sub);
			used += n > 0 && (size_t)n < size - used ? (size_t)n : size - used - 1;
		}
		if (used + 1 < size)
			snprintf(buf + used, size - used, " (anchor from %.300s)", s->ca_file);
	} else if (strcmp(check, "validity") == 0) {
		if (pki_asn1_time_get(X509_get0_notBefore(s->leaf), &b, &e) == 0 &&
		    pki_asn1_time_get(X509_get0_notAfter(s->leaf), &a, &e) == 0)
			snprintf(buf, size, "every certificate is valid; the leaf from %s until %s",
			         pki_time_format(b, nb, sizeof(nb)),
			         pki_time_format(a, na, sizeof(na)));
	} else if (strcmp(check, "name") == 0) {
		snprintf(buf, size, "%s", r->matched);
	} else if (strcmp(check, "revocation") == 0) {
		snprintf(buf, size, "no certificate of the path is on its issuer's CRL (%d CRL%s)",
		         sk_X509_CRL_num(s->crls), sk_X509_CRL_num(s->crls) == 1 ? "" : "s");
	} else if (strcmp(check, "usage") == 0) {
		snprintf(buf, size, "%s",
		         s->purpose == POLICY_PURPOSE_SERVER
		                 ? "a TLS server certificate (serverAuth)"
		                 : "a TLS client certificate (clientAuth)");
	} else {
		snprintf(buf, size, "format, keys and signatures conform");
	}
	return 1;
}

/*
 * One line per check (a check with only warnings says "warning"), then
 * every rule that failed, then every warning, each with its certificate and fix.
 */
static void
verify_print(const struct verify_state *s, const struct policy_result *r, const char *host)
{
	static const char *const checks[] = {"issuer", "revocation", "validity",
	                                     "name",   "usage",      "policy"};
	static const char *const labels[] = {"trusted issuer", "revocation", "validity",
	                                     "name",           "usage",      "policy"};
	const struct policy_finding *f;
	char detail[700];
	size_t i;
	int k;

	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		const char *state = "FAILED";
		if ((f = verify_finding(r, checks[i], POLICY_ERROR)) == NULL &&
		    (f = verify_finding(r, checks[i], POLICY_WARNING)) != NULL)
			state = "warning";
		if (f != NULL)
			snprintf(detail, sizeof(detail), "%s [rule %s]", f->detail, f->rule);
		else
			state = verify_ok_detail(s, r, checks[i], host, detail, sizeof(detail))
			                ? "ok"
			                : "";
		line(labels[i], state, detail);
	}
	for (k = 0; k < r->n; k++) {
		f = &r->findings[k];
		if (f->severity == POLICY_ERROR)
			printf("  rule %s failed at depth %d (%s): %s\n    fix: %s\n", f->rule,
			       f->depth, f->subject, f->detail, f->fix);
	}
	for (k = 0; k < r->n; k++) {
		f = &r->findings[k];
		if (f->severity == POLICY_WARNING)
			printf("  warning: %s [rule %s; %s; certificate at depth %d: %s]\n"
			       "    fix: %s\n",
			       f->detail, f->rule, policy_rule_ref(f->rule), f->depth, f->subject,
			       f->fix);
	}
	if (policy_warning_count(r) > 0)
		printf("  %d warning%s: rules stricter than browsers; --strict makes them fail\n",
		       policy_warning_count(r), policy_warning_count(r) == 1 ? "" : "s");
}

static int
verify_load(struct verify_state *s, const char *leaf, const struct verify_opts *o, struct err *e)
{
	STACK_OF(X509) * more, *anchors;
	int i;

	if ((s->untrusted = pki_certs_load(leaf, e)) == NULL)
		return -1;
	s->leaf = sk_X509_shift(s->untrusted);
	if (o->chain != NULL) {
		if ((more = pki_certs_load(o->chain, e)) == NULL)
			return -1;
		while (sk_X509_num(more) > 0)
			sk_X509_push(s->untrusted, sk_X509_shift(more));
		sk_X509_free(more);
	}
	if (o->ca != NULL)
		snprintf(s->ca_file, sizeof(s->ca_file), "%s", o->ca);
	else if (file_default_path(DEMO_DEFAULT_CA_FILE, s->ca_file, sizeof(s->ca_file)) == NULL)
		return err_set(e, "no --ca given and the bundled CA file is not found");
	if ((anchors = pki_certs_load(s->ca_file, e)) == NULL)
		return -1;
	if ((s->anchors = X509_STORE_new()) == NULL) {
		sk_X509_pop_free(anchors, X509_free);
		return err_set(e, "out of memory");
	}
	for (i = 0; i < sk_X509_num(anchors); i++)
		X509_STORE_add_cert(s->anchors, sk_X509_value(anchors, i));
	sk_X509_pop_free(anchors, X509_free);
	if (o->crl != NULL) {
		char msg[600];
		if ((s->crls = policy_crls_load(o->crl, msg, sizeof(msg))) == NULL) {
			err_code(e, DEMO_EXIT_FILE);
			err_set(e, "--crl: %s", msg);
			return err_fix(e, "give a CRL in PEM or DER, as https_pki crl writes them "
			                  "(crl/all.crl.pem)");
		}
	}
	s->at = time(NULL);
	return o->at ? pki_time_parse(o->at, &s->at, e) : 0;
}

static int
verify_run(void *opts, int argc, char **argv, struct err *e)
{
	const struct verify_opts *o = opts;
	const char *leaf = argv[0];
	struct verify_state s;
	struct policy_request q;
	struct policy_result *r = calloc(1, sizeof(*r));
	const struct policy_finding *f;
	char when[40], text[1024];
	int rc = -1;

	(void)argc;
	memset(&s, 0, sizeof(s));
	s.purpose = POLICY_PURPOSE_SERVER;
	if (o->purpose != NULL && strcmp(o->purpose, "client") == 0)
		s.purpose = POLICY_PURPOSE_CLIENT;
	else if (o->purpose != NULL && strcmp(o->purpose, "any") == 0)
		s.purpose = POLICY_PURPOSE_ANY;
	else if (o->purpose != NULL && strcmp(o->purpose, "server") != 0) {
		err_code(e, DEMO_EXIT_USAGE);
		err_set(e, "--purpose: '%s' is not server, client or any", o->purpose);
		err_fix(e, "use --purpose server (the default), client or any");
		goto done;
	}
	if (r == NULL) {
		err_set(e, "out of memory");
		goto done;
	}
	if (verify_load(&s, leaf, o, e) == -1)
		goto done;
	printf("%s%s%s, at %s\n", leaf, o->host ? " for " : "", o->host ? o->host : "",
	       pki_time_format(s.at, when, sizeof(when)));
	printf("  trusted CA file: %s%s\n", s.ca_file,
	       o->ca ? "" : " (the default: this source tree's demo root; choose with --ca FILE)");
	memset(&q, 0, sizeof(q));
	q.leaf = s.leaf;
	q.sent = s.untrusted;
	q.anchors = s.anchors;
	q.host = o->host;
	q.purpose = s.purpose;
	q.at = s.at;
	q.strict = o->strict;
	q.crls = s.crls;
	snprintf(r->anchor_file, sizeof(r->anchor_file), "%.300s", s.ca_file);
	rc = policy_verify(&q, r);
	verify_print(&s, r, o->host);
	f = policy_first(r);
	if (rc == -1 && f != NULL) {
		err_code(e, policy_exit_code(f->cls));
		err_set(e, "%s: %s", leaf, policy_finding_text(f, text, sizeof(text)));
		err_fix(e, "%s", f->fix);
	}
done:
	if (r != NULL)
		policy_result_free(r);
	free(r);
	X509_free(s.leaf);
	sk_X509_pop_free(s.untrusted, X509_free);
	X509_STORE_free(s.anchors);
	sk_X509_CRL_pop_free(s.crls, X509_CRL_free);
	return rc;
}

static const struct opt verify_options[] = {
        {"chain", 0, "FILE", "intermediates to use (besides those after the leaf)", OPT_STRING,
         &verify_opts.chain, 0, 0, NULL},
        {"ca", 0, "FILE",
         "trusted CAs; any of them may end the path (default " DEMO_DEFAULT_CA_FILE ")", OPT_STRING,
         &verify_opts.ca, 0, 0, NULL},
        {"host", 0, "NAME", "the host name or IP address the client asked for", OPT_STRING,
         &verify_opts.host, 0, 0, NULL},
        {"crl", 0, "FILE",
         "check revocation: the CRLs (PEM, several in one file, or DER) of every CA of the path",
         OPT_STRING, &verify_opts.crl, 0, 0, NULL},
        {"at", 0, "TIME", "check validity at TIME instead of now (UTC)", OPT_STRING,
         &verify_opts.at, 0, 0, NULL},
        {"purpose", 0, "P", "server (default), client or any", OPT_STRING, &verify_opts.purpose, 0,
         0, NULL},
        {"strict", 0, NULL, "fail on the rules stricter than Chromium too (warnings otherwise)",
         OPT_FLAG, &verify_opts.strict, 0, 0, NULL},
        PKI_OPT_END,
};

const struct pki_cmd pki_verify_cmd = {
        .name = "verify",
        .summary = "check a certificate as a browser would: issuer, validity, name, usage, policy",
        .synopsis = "LEAF [--chain FILE] [--ca FILE] --host NAME [--crl FILE] [--at TIME] "
                    "[--strict]",
        .about = "Checks a certificate with the rules https_client applies, and reports each\n"
                 "check by name: issuer (exit 12 untrusted, 13 self-signed, 14 incomplete\n"
                 "chain), revocation with --crl (exit 26 revoked, 29 a CRL out of date, 30\n"
                 "no CRL of the path's CA), validity (exit 15 expired, 16 not yet valid),\n"
                 "name (exit 17), usage (exit 18), policy: format, keys, signatures (exit 25).\n"
                 "The first failure in that order sets the exit code; every failed rule is\n"
                 "listed with a fix. Rules stricter than Chromium are warnings (listed with\n"
                 "their reference and a fix, exit 0) unless --strict makes them fail with\n"
                 "their code. --crl wants, as openssl verify -crl_check_all does, a current\n"
                 "CRL from each CA of the path (https_pki crl writes them all to one file).\n"
                 "LEAF may hold the leaf followed by its intermediates. See docs/verification.md.",
        .min_operands = 1,
        .max_operands = 1,
        .operands = "verify takes exactly one LEAF file",
        .options = verify_options,
        .opts = &verify_opts,
        .run = verify_run,
};
