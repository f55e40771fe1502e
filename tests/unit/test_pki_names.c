/*
 * Unit tests for pki/names.c: SAN arguments, times, address ranges, and the
 * name-constraint check against the demo root.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "keyfile.h"
#include "names.h"
#include "pki.h"
#include "profile.h"
#include "unit.h"

static void
test_sans(void)
{
	static const struct {
		const char *arg;
		int want_rc;
		const char *want; /* canonical form */
	} cases[] = {
	        {"DNS:localhost", 0, "DNS:localhost"},
	        {"dns:LocalHost", 0, "DNS:localhost"},
	        {"localhost", 0, "DNS:localhost"},
	        {"*.localhost", 0, "DNS:*.localhost"},
	        {"IP:127.0.0.1", 0, "IP:127.0.0.1"},
	        {"127.0.0.1", 0, "IP:127.0.0.1"},
	        {"IP:0:0:0:0:0:0:0:1", 0, "IP:::1"},
	        {"::1", 0, "IP:::1"},
	        {"email:alice@localhost", 0, "email:alice@localhost"},
	        {"DNS:", -1, NULL},
	        {"DNS:a..b", -1, NULL},
	        {"DNS:-a.b", -1, NULL},
	        {"DNS:a b", -1, NULL},
	        {"DNS:a*.b", -1, NULL},
	        {"IP:127.0.0.256", -1, NULL},
	        {"IP:localhost", -1, NULL},
	        {"email:nobody", -1, NULL},
	        {"email:a@b@c", -1, NULL},
	        {"URI:http://x", -1, NULL},
	        {"", -1, NULL},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pki_sans s = {.n = 0};
		struct err e;

		err_clear(&e);
		UNIT_CHECK_INT(pki_sans_add(&s, cases[i].arg, &e), cases[i].want_rc);
		if (cases[i].want != NULL && s.n == 1)
			UNIT_CHECK_STR(s.v[0], cases[i].want);
		if (cases[i].want_rc == -1)
			UNIT_CHECK(e.msg[0] != '\0' && s.n == 0);
		pki_sans_free(&s);
	}
}

static void
test_sans_duplicates(void)
{
	struct pki_sans s = {.n = 0};
	struct err e;
	GENERAL_NAMES *gns;

	err_clear(&e);
	UNIT_CHECK_INT(pki_sans_add(&s, "localhost", &e), 0);
	UNIT_CHECK_INT(pki_sans_add(&s, "DNS:LOCALHOST", &e), 0);
	UNIT_CHECK_INT(pki_sans_add(&s, "IP:127.0.0.1", &e), 0);
	UNIT_CHECK_INT(s.n, 2);
	gns = pki_sans_to_general_names(&s, &e);
	UNIT_CHECK(gns != NULL && sk_GENERAL_NAME_num(gns) == 2);
	GENERAL_NAMES_free(gns);
	pki_sans_free(&s);
}

static void
test_times(void)
{
	static const struct {
		const char *s;
		int want_rc;
		long long want;
	} cases[] = {
	        {"1970-01-02", 0, 86400},
	        {"2020-01-01", 0, 1577836800},
	        {"2020-03-01T12:30:05Z", 0, 1583065805},
	        {"2099-01-01", 0, 4070908800LL},
	        {"2021-02-29", -1, 0},
	        {"2020-13-01", -1, 0},
	        {"2020-01-01T24:00:00Z", -1, 0},
	        {"2020-01-01T10:00:00", -1, 0},
	        {"2020-01-01T10:00:00Z ", -1, 0},
	        {"2020-1-1", -1, 0},
	        {"20200101", -1, 0},
	        {"1949-12-31", -1, 0},
	        {"tomorrow", -1, 0},
	        {"", -1, 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct err e;
		time_t t = 0;

		err_clear(&e);
		UNIT_CHECK_INT(pki_time_parse(cases[i].s, &t, &e), cases[i].want_rc);
		if (cases[i].want_rc == 0)
			UNIT_CHECK_INT(t, cases[i].want);
	}
}

static void
test_cidr(void)
{
	static const struct {
		const char *s;
		int want_len;
		unsigned char mask_last; /* last byte of the mask */
	} cases[] = {
	        {"127.0.0.1/32", 8, 0xff}, {"127.0.0.0/8", 8, 0x00}, {"10.0.0.0/25", 8, 0x80},
	        {"::1/128", 32, 0xff},     {"fe80::/10", 32, 0x00},  {"127.0.0.1/33", -1, 0},
	        {"127.0.0.1", -1, 0},      {"127.0.0.1/", -1, 0},    {"host/8", -1, 0},
	        {"127.0.0.1/-1", -1, 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned char b[32];
		struct err e;
		int n;

		err_clear(&e);
		n = pki_cidr_parse(cases[i].s, b, &e);
		UNIT_CHECK_INT(n, cases[i].want_len);
		if (n > 0)
			UNIT_CHECK_INT(b[n - 1], cases[i].mask_last);
	}
}

/* A root with the demo constraints, and leaves with and without permitted names. */
static void
test_constraints(void)
{
	static const struct {
		const char *cn;
		const char *san;
		int want_rc;
	} cases[] = {
	        {"localhost", "DNS:localhost", 0},
	        {"a", "DNS:api.localhost", 0},
	        {"a", "IP:127.0.0.1", 0},
	        {"a", "IP:::1", 0},
	        {"a", "DNS:example.com", -1},
	        {"a", "IP:127.0.0.2", -1},
	        {"a", "DNS:localhost.example.com", -1},
	        {"a", "email:a@example.com", 0}, /* no email constraint: email names are free */
	        {"example.com", NULL, -1},       /* no SAN: the CN counts (OpenSSL's rule) */
	};
	struct pki_key_spec ks = {PKI_KEY_EC_P256, 0};
	struct pki_cert_spec spec;
	EVP_PKEY *rk = NULL, *lk = NULL;
	X509_NAME *rn = NULL;
	X509 *root = NULL;
	STACK_OF(X509) *cas = sk_X509_new_null();
	struct err e;
	size_t i;

	err_clear(&e);
	rk = pki_key_generate(&ks, 0, &e);
	lk = pki_key_generate(&ks, 0, &e);
	rn = pki_name_parse("CN=Test Root", &e);
	memset(&spec, 0, sizeof(spec));
	spec.profile = PKI_PROFILE_ROOT;
	spec.subject = rn;
	spec.key = rk;
	spec.not_before = time(NULL) - 60;
	spec.not_after = time(NULL) + 86400;
	spec.name_constraints = 1;
	root = pki_cert_make(&spec, &e);
	UNIT_CHECK(root != NULL && sk_X509_push(cas, root));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pki_sans sans = {.n = 0};
		X509_NAME *ln = pki_name_parse(cases[i].cn, &e);
		X509 *leaf;

		if (cases[i].san)
			pki_sans_add(&sans, cases[i].san, &e);
		memset(&spec, 0, sizeof(spec));
		spec.profile = PKI_PROFILE_CLIENT; /* a client leaf may go without SANs */
		spec.subject = ln;
		spec.key = lk;
		spec.issuer = root;
		spec.issuer_key = rk;
		spec.sans = &sans;
		spec.not_before = time(NULL) - 60;
		spec.not_after = time(NULL) + 86400;
		leaf = pki_cert_make(&spec, &e);
		UNIT_CHECK(leaf != NULL);
		err_clear(&e);
		UNIT_CHECK_INT(pki_names_check_constraints(leaf, cas, &e), cases[i].want_rc);
		if (cases[i].want_rc == -1)
			UNIT_CHECK_INT(e.code, DEMO_EXIT_UNTRUSTED);
		X509_free(leaf);
		X509_NAME_free(ln);
		pki_sans_free(&sans);
	}
	sk_X509_pop_free(cas, X509_free);
	X509_NAME_free(rn);
	EVP_PKEY_free(rk);
	EVP_PKEY_free(lk);
}

int
main(void)
{
	test_sans();
	test_sans_duplicates();
	test_times();
	test_cidr();
	test_constraints();
	return unit_done();
}
