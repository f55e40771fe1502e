/*
 * https_pki verify: the three checks a TLS client makes, one by one, each
 * reported by name. validity (every certificate of the chain is within its
 * period at TIME), name (the leaf's SANs match --host, RFC 6125), trusted
 * issuer (the chain leads to a root in --ca, with the CA flags, path length,
 * name constraints, key usages and key strength a browser demands).
 */
#include <arpa/inet.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "defaults.h"
#include "fileio.h"
#include "opts.h"
#include "pki.h"

struct verify_opts {
	const char *chain, *ca, *host, *at, *purpose;
	int help;
};

struct verify_state {
	X509 *leaf;
	STACK_OF(X509) * untrusted, *anchors, *built;
	time_t at;
	char why[600];
};

static void
cn_of(X509 *x, char *buf, size_t size)
{
	X509_NAME *n = X509_get_subject_name(x);

	if (X509_NAME_get_text_by_NID(n, NID_commonName, buf, (int)size) < 0)
		X509_NAME_oneline(n, buf, (int)size);
}

static void
line(const char *check, int ok, const char *detail)
{
	printf("  %-15s %-7s %s\n", check, ok ? "ok" : "FAILED", detail);
}

/* Check 1: every certificate we can place in the chain is valid at s->at. */
static int
check_validity(struct verify_state *s)
{
	STACK_OF(X509) *certs = s->built ? s->built : s->untrusted;
	char nb_text[40], na_text[40], cn[200], detail[600];
	time_t nb, na;
	struct err e;
	int i, n = s->built ? sk_X509_num(certs) : 1 + sk_X509_num(certs);

	for (i = 0; i < n; i++) {
		X509 *x = s->built ? sk_X509_value(certs, i)
		          : i == 0 ? s->leaf
		                   : sk_X509_value(certs, i - 1);

		if (pki_asn1_time_get(X509_get0_notBefore(x), &nb, &e) == -1 ||
		    pki_asn1_time_get(X509_get0_notAfter(x), &na, &e) == -1) {
			line("validity", 0, e.msg);
			return -1;
		}
		cn_of(x, cn, sizeof(cn));
		pki_time_format(nb, nb_text, sizeof(nb_text));
		pki_time_format(na, na_text, sizeof(na_text));
		if (s->at < nb || s->at > na) {
			snprintf(detail, sizeof(detail), "%s '%s' %s %s",
			         i == 0 ? "the leaf" : "the CA", cn,
			         s->at < nb ? "is not valid before" : "expired on",
			         s->at < nb ? nb_text : na_text);
			line("validity", 0, detail);
			return -1;
		}
		if (i == 0)
			snprintf(detail, sizeof(detail), "valid from %s until %s (%lld days left)",
			         nb_text, na_text, (long long)((na - s->at) / 86400));
	}
	line("validity", 1, detail);
	return 0;
}

/* Check 2: the host is among the leaf's names (DNS or IP SAN; never the CN). */
static int
check_name(struct verify_state *s, const char *host)
{
	GENERAL_NAMES *gns;
	char detail[700], names[400] = "", one[300];
	unsigned char ip[16];
	size_t used = 0;
	int i, ok;

	if (host == NULL) {
		line("name", 1, "not checked (no --host)");
		return 0;
	}
	if (inet_pton(AF_INET, host, ip) == 1 || inet_pton(AF_INET6, host, ip) == 1)
		ok = X509_check_ip_asc(s->leaf, host, 0) == 1;
	else
		ok = X509_check_host(s->leaf, host, 0, X509_CHECK_FLAG_NEVER_CHECK_SUBJECT, NULL) ==
		     1;
	gns = X509_get_ext_d2i(s->leaf, NID_subject_alt_name, NULL, NULL);
	for (i = 0; gns != NULL && i < sk_GENERAL_NAME_num(gns) && used < sizeof(names); i++) {
		pki_general_name_text(sk_GENERAL_NAME_value(gns, i), one, sizeof(one));
		used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s", i ? ", " : "",
		                         one);
	}
	GENERAL_NAMES_free(gns);
	snprintf(detail, sizeof(detail), "%s %s the certificate's names: %s", host,
	         ok ? "is among" : "is not among", names[0] ? names : "(none)");
	line("name", ok, detail);
	return ok ? 0 : -1;
}

/* Check 3: a path to a trusted root, time left out (check 1 covers it). */
static int
check_issuer(struct verify_state *s, int purpose)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	X509_VERIFY_PARAM *param;
	char detail[600] = "cannot set up the check", cn[200];
	size_t used = 0;
	int i, ok = 0, err, depth;

	if (store == NULL || ctx == NULL)
		goto done;
	for (i = 0; i < sk_X509_num(s->anchors); i++)
		X509_STORE_add_cert(store, sk_X509_value(s->anchors, i));
	if (!X509_STORE_CTX_init(ctx, store, s->leaf, s->untrusted))
		goto done;
	param = X509_STORE_CTX_get0_param(ctx);
	X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_NO_CHECK_TIME);
	/* Level 2 (112-bit security): RSA-1024 and SHA-1 fail, as in browsers. */
	X509_VERIFY_PARAM_set_auth_level(param, 2);
	if (purpose)
		X509_STORE_CTX_set_purpose(ctx, purpose);
	ok = X509_verify_cert(ctx) == 1;
	if (ok) {
		s->built = X509_STORE_CTX_get1_chain(ctx);
		for (i = 0; i < sk_X509_num(s->built) && used < sizeof(detail); i++) {
			cn_of(sk_X509_value(s->built, i), cn, sizeof(cn));
			used += (size_t)snprintf(detail + used, sizeof(detail) - used, "%s'%s'",
			                         i ? " <- " : "", cn);
		}
	} else {
		err = X509_STORE_CTX_get_error(ctx);
		depth = X509_STORE_CTX_get_error_depth(ctx);
		cn[0] = '\0';
		if (X509_STORE_CTX_get_current_cert(ctx) != NULL)
			cn_of(X509_STORE_CTX_get_current_cert(ctx), cn, sizeof(cn));
		snprintf(detail, sizeof(detail), "%s (at depth %d, '%s'; OpenSSL error %d)",
		         X509_verify_cert_error_string(err), depth, cn, err);
	}
	snprintf(s->why, sizeof(s->why), "%s", detail);
done:
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	return ok ? 0 : -1;
}

static int
verify_load(struct verify_state *s, const char *leaf, const struct verify_opts *o, struct err *e)
{
	char cabuf[4096];
	STACK_OF(X509) * more;

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
	s->anchors = pki_certs_load(
	        o->ca ? o->ca : file_default_path(DEMO_DEFAULT_CA_FILE, cabuf, sizeof(cabuf)), e);
	if (s->anchors == NULL)
		return -1;
	s->at = time(NULL);
	return o->at ? pki_time_parse(o->at, &s->at, e) : 0;
}

static int
verify_run(const struct verify_opts *o, const char *leaf, struct err *e)
{
	struct verify_state s;
	char when[40];
	int purpose = X509_PURPOSE_SSL_SERVER, issuer, validity, name, rc = -1;

	memset(&s, 0, sizeof(s));
	if (o->purpose != NULL) {
		if (strcmp(o->purpose, "client") == 0)
			purpose = X509_PURPOSE_SSL_CLIENT;
		else if (strcmp(o->purpose, "any") == 0)
			purpose = 0;
		else if (strcmp(o->purpose, "server") != 0) {
			err_code(e, PKI_EXIT_USAGE);
			err_set(e, "--purpose: '%s' is not server, client or any", o->purpose);
			return -1;
		}
	}
	if (verify_load(&s, leaf, o, e) == -1)
		goto done;
	printf("%s%s%s, at %s:\n", leaf, o->host ? " for " : "", o->host ? o->host : "",
	       pki_time_format(s.at, when, sizeof(when)));
	/* The issuer check builds the chain the validity check walks; it is printed last. */
	issuer = check_issuer(&s, purpose);
	validity = check_validity(&s);
	name = check_name(&s, o->host);
	line("trusted issuer", issuer == 0, s.why);
	rc = validity == -1 ? PKI_EXIT_VERIFY_TIME
	     : name == -1   ? PKI_EXIT_VERIFY_NAME
	     : issuer == -1 ? PKI_EXIT_VERIFY_CHAIN
	                    : PKI_EXIT_OK;
	if (rc != PKI_EXIT_OK) {
		err_code(e, rc);
		err_set(e, "%s: the %s check failed", leaf,
		        rc == PKI_EXIT_VERIFY_TIME   ? "validity"
		        : rc == PKI_EXIT_VERIFY_NAME ? "name"
		                                     : "trusted-issuer");
		rc = -1;
	}
done:
	X509_free(s.leaf);
	sk_X509_pop_free(s.untrusted, X509_free);
	sk_X509_pop_free(s.anchors, X509_free);
	sk_X509_pop_free(s.built, X509_free);
	return rc;
}

int
pki_cmd_verify(int argc, char **argv)
{
	struct verify_opts o;
	struct err e;
	int first;

	memset(&o, 0, sizeof(o));
	err_clear(&e);
	const struct opt table[] = {
	        {"chain", 0, "FILE", "intermediates to use (besides those after the leaf)",
	         OPT_STRING, &o.chain, 0, 0, NULL},
	        {"ca", 0, "FILE", "trusted roots (default " DEMO_DEFAULT_CA_FILE ")", OPT_STRING,
	         &o.ca, 0, 0, NULL},
	        {"host", 0, "NAME", "the host name or IP address the client asked for", OPT_STRING,
	         &o.host, 0, 0, NULL},
	        {"at", 0, "TIME", "check validity at TIME instead of now (UTC)", OPT_STRING, &o.at,
	         0, 0, NULL},
	        {"purpose", 0, "P", "server (default), client or any", OPT_STRING, &o.purpose, 0, 0,
	         NULL},
	        {"help", 'h', NULL, "show this help", OPT_FLAG, &o.help, 0, 0, NULL},
	        {NULL, 0, NULL, NULL, OPT_FLAG, NULL, 0, 0, NULL},
	};

	first = pki_parse(table, argc, argv, &e);
	if (first != -1 && o.help) {
		pki_usage(
		        stdout, "verify", "LEAF [--chain FILE] [--ca FILE] --host NAME [--at TIME]",
		        "Checks a certificate the way a TLS client does and reports each check by\n"
		        "name: validity (exit 10), name (exit 11), trusted issuer (exit 12). LEAF "
		        "may\n"
		        "hold the leaf followed by its intermediates.",
		        table);
		return PKI_EXIT_OK;
	}
	if (first != -1 && first + 1 != argc) {
		err_code(&e, PKI_EXIT_USAGE);
		first = err_set(&e, "verify takes exactly one LEAF file");
	}
	return first == -1 || verify_run(&o, argv[first], &e) == -1 ? pki_fail(&e) : PKI_EXIT_OK;
}
