/*
 * Unit tests for pki/profile.c: each profile's extensions (as docs/pki.md's
 * certificate profile demands), serials, subjects, and refused specs.
 */
#include <string.h>

#include <openssl/x509v3.h>

#include "err.h"
#include "keyfile.h"
#include "names.h"
#include "pki.h"
#include "profile.h"
#include "unit.h"

#define DAY 86400

static EVP_PKEY *
p256(void)
{
	struct pki_key_spec ks = {PKI_KEY_EC_P256, 0};
	struct err e;

	return pki_key_generate(&ks, 0, &e);
}

static X509 *
make(enum pki_profile p, X509 *issuer, EVP_PKEY *ikey, EVP_PKEY *key, const char *san, long days,
     struct err *e)
{
	struct pki_sans sans = {.n = 0};
	struct pki_cert_spec spec;
	X509_NAME *name = pki_name_parse("CN=t,O=Test", e);
	X509 *x;

	if (san != NULL)
		pki_sans_add(&sans, san, e);
	memset(&spec, 0, sizeof(spec));
	spec.profile = p;
	spec.subject = name;
	spec.key = key;
	spec.issuer = issuer;
	spec.issuer_key = ikey;
	spec.sans = &sans;
	spec.not_before = time(NULL) - 60;
	spec.not_after = time(NULL) + days * DAY;
	spec.pathlen = 0;
	spec.name_constraints = p == PKI_PROFILE_ROOT;
	err_clear(e);
	x = pki_cert_make(&spec, e);
	X509_NAME_free(name);
	pki_sans_free(&sans);
	return x;
}

static void
test_profiles(void)
{
	static const struct {
		enum pki_profile p;
		int want_ca;
		long want_pathlen; /* -1: none */
		uint32_t want_ku;
		uint32_t want_xku; /* 0: no EKU */
		int want_nc;
	} cases[] = {
	        {PKI_PROFILE_ROOT, 1, -1, KU_KEY_CERT_SIGN | KU_CRL_SIGN, 0, 1},
	        {PKI_PROFILE_INTERMEDIATE, 1, 0, KU_KEY_CERT_SIGN | KU_CRL_SIGN, 0, 0},
	        {PKI_PROFILE_SERVER, 0, -1, KU_DIGITAL_SIGNATURE, XKU_SSL_SERVER, 0},
	        {PKI_PROFILE_CLIENT, 0, -1, KU_DIGITAL_SIGNATURE, XKU_SSL_CLIENT, 0},
	};
	EVP_PKEY *ik = p256(), *k = p256();
	struct err e;
	X509 *issuer = make(PKI_PROFILE_ROOT, NULL, NULL, ik, NULL, 100, &e);
	size_t i;

	UNIT_CHECK(issuer != NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int root = cases[i].p == PKI_PROFILE_ROOT;
		X509 *x = make(cases[i].p, root ? NULL : issuer, root ? NULL : ik, k,
		               "DNS:localhost", 100, &e);
		const ASN1_INTEGER *serial;

		UNIT_CHECK(x != NULL);
		if (x == NULL)
			continue;
		UNIT_CHECK_INT(X509_check_purpose(x, -1, 0), 1);
		UNIT_CHECK_INT(X509_check_ca(x) != 0, cases[i].want_ca);
		UNIT_CHECK_INT(X509_get_pathlen(x), cases[i].want_pathlen);
		UNIT_CHECK_INT(X509_get_key_usage(x), cases[i].want_ku);
		UNIT_CHECK_INT(X509_get_extended_key_usage(x),
		               cases[i].want_xku ? cases[i].want_xku : UINT32_MAX);
		UNIT_CHECK_INT(X509_get_ext_by_NID(x, NID_name_constraints, -1) >= 0,
		               cases[i].want_nc);
		UNIT_CHECK(X509_get0_subject_key_id(x) != NULL);
		UNIT_CHECK(X509_get0_authority_key_id(x) != NULL);
		/* AKI names the issuer's SKI. */
		UNIT_CHECK(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(x),
		                                 X509_get0_subject_key_id(root ? x : issuer)) == 0);
		serial = X509_get0_serialNumber(x);
		UNIT_CHECK_INT(ASN1_STRING_length(serial), 16);
		UNIT_CHECK_INT(X509_get_version(x), X509_VERSION_3);
		UNIT_CHECK_INT(X509_verify(x, root ? k : ik), 1);
		X509_free(x);
	}
	X509_free(issuer);
	EVP_PKEY_free(ik);
	EVP_PKEY_free(k);
}

static void
test_refused(void)
{
	static const struct {
		enum pki_profile p;
		const char *san;
		long days;
		int want_code;
	} cases[] = {
	        {PKI_PROFILE_SERVER, NULL, 90, DEMO_EXIT_USAGE},             /* no SAN */
	        {PKI_PROFILE_SERVER, "DNS:localhost", 826, DEMO_EXIT_USAGE}, /* over 825 days */
	        {PKI_PROFILE_CLIENT, NULL, 900, DEMO_EXIT_USAGE},
	        {PKI_PROFILE_SERVER, "DNS:localhost", -1,
	         DEMO_EXIT_USAGE}, /* ends before it starts */
	};
	EVP_PKEY *ik = p256(), *k = p256();
	struct err e;
	X509 *issuer = make(PKI_PROFILE_ROOT, NULL, NULL, ik, NULL, 100, &e);
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		X509 *x = make(cases[i].p, issuer, ik, k, cases[i].san, cases[i].days, &e);

		UNIT_CHECK(x == NULL);
		UNIT_CHECK_INT(e.code, cases[i].want_code);
		X509_free(x);
	}
	/* A CA key that does not match the CA certificate. */
	UNIT_CHECK(make(PKI_PROFILE_SERVER, issuer, k, k, "DNS:localhost", 10, &e) == NULL);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_FILE);
	X509_free(issuer);
	EVP_PKEY_free(ik);
	EVP_PKEY_free(k);
}

static void
test_names(void)
{
	static const struct {
		const char *s;
		int ok;
		int entries;
	} cases[] = {
	        {"localhost", 1, 1},       {"CN=a,O=b", 1, 2}, {"/CN=a, b/O=c", 1, 2},
	        {"O=x, OU=y, CN=z", 1, 3}, {"CN=", 0, 0},      {"XX=a", 0, 0},
	        {"CN=a,,O=b", 1, 2},       {"=a", 0, 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct err e;
		X509_NAME *n;

		err_clear(&e);
		n = pki_name_parse(cases[i].s, &e);
		UNIT_CHECK_INT(n != NULL, cases[i].ok);
		if (n != NULL)
			UNIT_CHECK_INT(X509_NAME_entry_count(n), cases[i].entries);
		X509_NAME_free(n);
	}
}

static void
test_profile_names(void)
{
	enum pki_profile p;
	struct err e;

	err_clear(&e);
	UNIT_CHECK_INT(pki_profile_parse("intermediate", &p, &e), 0);
	UNIT_CHECK_INT(p, PKI_PROFILE_INTERMEDIATE);
	UNIT_CHECK_STR(pki_profile_name(PKI_PROFILE_CLIENT), "client");
	UNIT_CHECK_INT(pki_profile_parse("leaf", &p, &e), -1);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_USAGE);
}

int
main(void)
{
	test_profiles();
	test_refused();
	test_names();
	test_profile_names();
	return unit_done();
}
