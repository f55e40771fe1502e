/* server_core: hand-picked suites, groups and versions against the safe profile. */
#include <string.h>

#include "tls_profile.h"
#include "unit.h"

static const struct {
	const char *opt, *list;
	int want;          /* 0 accepted, -1 refused */
	const char *about; /* part of the reason when refused */
} list_cases[] = {
        {"ciphers", SERVER_TLS_CIPHERS_12, 0, NULL},
        {"ciphers", "ECDHE-RSA-CHACHA20-POLY1305", 0, NULL},
        {"ciphers", "ecdhe-ecdsa-aes128-gcm-sha256", 0, NULL},
        {"ciphers", "AES128-GCM-SHA256", -1, "no forward secrecy"},
        {"ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256:AES256-SHA", -1, "'AES256-SHA'"},
        {"ciphers", "ECDHE-RSA-AES128-SHA256", -1, "CBC"},
        {"ciphers", "ECDHE-RSA-NULL-SHA", -1, "no encryption"},
        {"ciphers", "ADH-AES128-GCM-SHA256", -1, "anonymous"},
        {"ciphers", "ECDHE-RSA-DES-CBC3-SHA", -1, "Sweet32"},
        {"ciphers", "RC4-SHA", -1, "RFC 7465"},
        {"ciphers", "EXP-RC4-MD5", -1, "export"},
        {"ciphers", "PSK-AES128-GCM-SHA256", -1, "pre-shared"},
        {"ciphers", "DHE-RSA-AES128-GCM-SHA256", -1, "finite-field"},
        {"ciphers", "HIGH:!aNULL", -1, "keywords"},
        {"ciphers", "", -1, "empty"},
        {"ciphers", "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256", -1, "twice"},
        {"tls13-ciphers", SERVER_TLS_CIPHERS_13, 0, NULL},
        {"tls13-ciphers", "TLS_CHACHA20_POLY1305_SHA256", 0, NULL},
        {"tls13-ciphers", "TLS_AES_128_CCM_8_SHA256", -1, "8-byte"},
        {"tls13-ciphers", "TLS_AES_128_CCM_SHA256", -1, "CCM"},
        {"tls13-ciphers", "ECDHE-RSA-AES128-GCM-SHA256", -1, "--ciphers"},
        {"groups", SERVER_TLS_GROUPS, 0, NULL},
        {"groups", "prime256v1:secp384r1:x25519", 0, NULL},
        {"groups", "P-384,X25519", 0, NULL},
        {"groups", "ffdhe2048", -1, "finite-field"},
        {"groups", "P-521", -1, "outside the profile"},
        {"groups", "X448", -1, "outside the profile"},
        {"groups", "secp192r1", -1, "too small"},
        {"groups", "X25519:P-256:X25519", -1, "twice"},
        {"groups", ":", -1, "''"},
};

static void
test_lists(void)
{
	struct err e;
	size_t i;

	for (i = 0; i < sizeof(list_cases) / sizeof(list_cases[0]); i++) {
		int rc;

		err_clear(&e);
		rc = server_tls_profile_check_list(list_cases[i].opt, list_cases[i].list, &e);
		UNIT_CHECK_INT(rc, list_cases[i].want);
		if (list_cases[i].about != NULL && strstr(e.msg, list_cases[i].about) == NULL)
			UNIT_CHECK_STR(e.msg, list_cases[i].about);
		if (rc == -1)
			UNIT_CHECK(e.fix[0] != '\0' || strstr(e.msg, "twice") ||
			           strstr(e.msg, "too many")); /* says what to pick instead */
	}
}

static void
test_versions(void)
{
	static const struct {
		const char *arg;
		int want, version;
		const char *about;
	} cases[] = {
	        {"1.2", 0, SERVER_TLS12, NULL},   {"1.3", 0, SERVER_TLS13, NULL},
	        {"1.1", -1, 0, "RFC 8996"},       {"1.0", -1, 0, "RFC 8996"},
	        {"SSLv3", -1, 0, "POODLE"},       {"1.4", -1, 0, "not a TLS version"},
	        {"", -1, 0, "not a TLS version"},
	};
	struct err e;
	size_t i;
	int v;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err_clear(&e);
		v = 0;
		UNIT_CHECK_INT(server_tls_profile_parse_version("tls-min", cases[i].arg, &v, &e),
		               cases[i].want);
		UNIT_CHECK_INT(v, cases[i].version);
		if (cases[i].about != NULL)
			UNIT_CHECK(strstr(e.msg, cases[i].about) != NULL);
	}
}

static void
test_combinations(void)
{
	const struct server_tls_choice ok = {NULL, NULL, NULL, SERVER_TLS12, SERVER_TLS13};
	const struct server_tls_choice only13 = {NULL, "TLS_AES_128_GCM_SHA256", NULL, SERVER_TLS13,
	                                         0};
	const struct server_tls_choice inverted = {NULL, NULL, NULL, SERVER_TLS13, SERVER_TLS12};
	const struct server_tls_choice c12_13only = {"ECDHE-RSA-AES128-GCM-SHA256", NULL, NULL,
	                                             SERVER_TLS13, 0};
	const struct server_tls_choice c13_12only = {NULL, "TLS_AES_128_GCM_SHA256", NULL, 0,
	                                             SERVER_TLS12};
	struct err e;

	err_clear(&e);
	UNIT_CHECK_INT(server_tls_profile_check(&ok, &e), 0);
	UNIT_CHECK_INT(server_tls_profile_check(&only13, &e), 0);
	UNIT_CHECK_INT(server_tls_profile_check(&inverted, &e), -1);
	UNIT_CHECK(strstr(e.msg, "no version is left") != NULL);
	UNIT_CHECK_INT(server_tls_profile_check(&c12_13only, &e), -1);
	UNIT_CHECK_INT(server_tls_profile_check(&c13_12only, &e), -1);
}

int
main(void)
{
	test_lists();
	test_versions();
	test_combinations();
	return unit_done();
}
