/*
 * Unit tests for pki/keyfile.c and pki/pem.c: key types, PKCS#8 PBES2
 * round trips, and the errors that tell a wrong passphrase from a file
 * that is not a key.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "keyfile.h"
#include "pem.h"
#include "pki.h"
#include "secret.h"
#include "unit.h"

static void
test_spec(void)
{
	static const struct {
		const char *s;
		int want_rc;
		enum pki_key_type type;
		int bits;
	} cases[] = {
	        {"p256", 0, PKI_KEY_EC_P256, 0},
	        {"EC", 0, PKI_KEY_EC_P256, 0},
	        {"p384", 0, PKI_KEY_EC_P384, 0},
	        {"rsa", 0, PKI_KEY_RSA, 2048},
	        {"rsa3072", 0, PKI_KEY_RSA, 3072},
	        {"rsa4096", 0, PKI_KEY_RSA, 4096},
	        {"ed25519", 0, PKI_KEY_ED25519, 0},
	        {"rsa1024", -1, 0, 0},
	        {"rsa512", -1, 0, 0},
	        {"dsa", -1, 0, 0},
	        {"", -1, 0, 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pki_key_spec ks = {PKI_KEY_EC_P256, 0};
		struct err e;

		err_clear(&e);
		UNIT_CHECK_INT(pki_key_spec_parse(cases[i].s, &ks, &e), cases[i].want_rc);
		if (cases[i].want_rc == 0) {
			UNIT_CHECK_INT(ks.type, cases[i].type);
			UNIT_CHECK_INT(ks.bits, cases[i].bits);
		}
	}
}

/* Encrypted and clear round trips for each fast key type. */
static void
test_roundtrip(void)
{
	static const struct {
		const char *type;
		const char *pass;
	} cases[] = {
	        /* Encryption does not depend on the key type: one KDF run is enough. */
	        {"p384", "x\xc3\xa9y!"},
	        {"p256", NULL},
	        {"p384", NULL},
	        {"ed25519", NULL},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pki_key_spec ks;
		struct err e;
		EVP_PKEY *k, *back;
		char *pem = NULL, scheme[200];
		size_t len = 0;

		err_clear(&e);
		UNIT_CHECK_INT(pki_key_spec_parse(cases[i].type, &ks, &e), 0);
		k = pki_key_generate(&ks, 0, &e);
		UNIT_CHECK(k != NULL);
		if (cases[i].pass != NULL)
			UNIT_CHECK_INT(pki_key_encode(k, cases[i].pass, &pem, &len, &e), 0);
		else
			UNIT_CHECK_INT(pki_key_encode_unsafe_clear(k, &pem, &len, &e), 0);
		UNIT_CHECK_INT(pki_key_is_encrypted(pem, len), cases[i].pass != NULL);
		pki_key_scheme(pem, len, scheme, sizeof(scheme));
		if (cases[i].pass != NULL)
			UNIT_CHECK_STR(scheme,
			               "PKCS#8 PBES2: AES-256-CBC, PBKDF2 with hmacWithSHA256, "
			               "200000 iterations");
		else
			UNIT_CHECK_STR(scheme, "none");
		back = pki_key_decode(pem, len, "k.pem", cases[i].pass, &e);
		UNIT_CHECK(back != NULL && EVP_PKEY_eq(k, back) == 1);
		EVP_PKEY_free(back);
		EVP_PKEY_free(k);
		secret_free(pem, len);
	}
}

/* A missing passphrase never yields a clear key: only the unsafe call does that. */
static void
test_encode_refuses_no_pass(void)
{
	struct pki_key_spec ks = {PKI_KEY_EC_P256, 0};
	const char *passes[] = {NULL, ""};
	struct err e;
	EVP_PKEY *k;
	char *pem;
	size_t len, i;

	err_clear(&e);
	k = pki_key_generate(&ks, 0, &e);
	UNIT_CHECK(k != NULL);
	for (i = 0; i < 2; i++) {
		pem = (char *)"untouched";
		len = 1;
		err_clear(&e);
		UNIT_CHECK_INT(pki_key_encode(k, passes[i], &pem, &len, &e), -1);
		UNIT_CHECK(pem == NULL && len == 0);
		UNIT_CHECK(strstr(e.msg, "without a passphrase") != NULL);
	}
	EVP_PKEY_free(k);
}

/* What each wrong input is reported as. */
static void
test_decode_errors(void)
{
	struct pki_key_spec ks = {PKI_KEY_EC_P256, 0};
	struct err e;
	EVP_PKEY *k;
	char *pem = NULL, *cut;
	size_t len = 0;
	static const char cert[] = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
	static const char csr[] =
	        "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";
	static const char der[] = "\x30\x82\x01\x22\x02\x01\x00\x30";
	static const char text[] = "just some text\n";
	struct {
		const char *name;
		const char *buf;
		size_t len;
		const char *pass;
		int want_code;
		const char *want_msg;
	} cases[] = {
	        {"wrong passphrase", NULL, 0, "wrong", DEMO_EXIT_PASSPHRASE, "wrong passphrase"},
	        {"no passphrase", NULL, 0, NULL, DEMO_EXIT_PASSPHRASE, "no passphrase was given"},
	        {"a certificate", cert, sizeof(cert) - 1, "x", DEMO_EXIT_FILE,
	         "holds a certificate"},
	        {"a CSR", csr, sizeof(csr) - 1, "x", DEMO_EXIT_FILE, "signing request"},
	        {"DER", der, sizeof(der) - 1, "x", DEMO_EXIT_FILE, "binary (DER?)"},
	        {"text", text, sizeof(text) - 1, "x", DEMO_EXIT_FILE, "no PEM block"},
	        {"empty", "", 0, "x", DEMO_EXIT_FILE, "is empty"},
	        {"truncated", NULL, 0, "right pass", DEMO_EXIT_FILE, "truncated"},
	};
	size_t i;

	err_clear(&e);
	k = pki_key_generate(&ks, 0, &e);
	UNIT_CHECK_INT(pki_key_encode(k, "right pass", &pem, &len, &e), 0);
	cut = strndup(pem, len / 2);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *buf = cases[i].buf ? cases[i].buf : i == 7 ? cut : pem;
		size_t blen = cases[i].buf ? cases[i].len : i == 7 ? strlen(cut) : len;
		EVP_PKEY *got;

		err_clear(&e);
		got = pki_key_decode(buf, blen, "k.pem", cases[i].pass, &e);
		UNIT_CHECK(got == NULL);
		UNIT_CHECK_INT(e.code, cases[i].want_code);
		if (strstr(e.msg, cases[i].want_msg) == NULL)
			fprintf(stderr, "case %s: message '%s'\n", cases[i].name, e.msg);
		UNIT_CHECK(strstr(e.msg, cases[i].want_msg) != NULL);
		EVP_PKEY_free(got);
	}
	free(cut);
	secret_free(pem, len);
	EVP_PKEY_free(k);
}

static void
test_pem_label(void)
{
	static const struct {
		const char *buf;
		int want_rc;
		const char *want_label;
	} cases[] = {
	        {"-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----\n", 0, "CERTIFICATE"},
	        {"junk\n-----BEGIN X-----\n-----END X-----", 0, "X"},
	        {"-----BEGIN CERTIFICATE-----\nAA\n", -1, NULL},
	        {"-----BEGIN -----\n", -1, NULL},
	        {"-----BEGIN CERTIFICATE", -1, NULL},
	        {"no pem", -1, NULL},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char label[80];
		struct err e;

		err_clear(&e);
		UNIT_CHECK_INT(pki_pem_label(cases[i].buf, strlen(cases[i].buf), "f", label,
		                             sizeof(label), &e),
		               cases[i].want_rc);
		if (cases[i].want_label)
			UNIT_CHECK_STR(label, cases[i].want_label);
		else
			UNIT_CHECK_INT(e.code, DEMO_EXIT_FILE);
	}
	UNIT_CHECK_INT(pki_pem_count("-----BEGIN A-----\n-----END A-----\n-----BEGIN A-----\n"
	                             "-----END A-----\n",
	                             70, "A"),
	               2);
	UNIT_CHECK_INT(
	        pki_pem_count("-----BEGIN A-----\n-----END A-----\n-----BEGIN A-----\n", 52, "A"),
	        -1);
}

int
main(void)
{
	test_spec();
	test_roundtrip();
	test_encode_refuses_no_pass();
	test_decode_errors();
	test_pem_label();
	return unit_done();
}
