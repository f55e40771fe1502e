/* server_core: the names /whoami gives TLS groups and cipher suites (server/tls_names.c). */
#include <string.h>

#include <openssl/ssl.h>

#include "tls_names.h"
#include "unit.h"

static void
test_groups(void)
{
	static const struct {
		unsigned id;
		const char *name;
	} cases[] = {
	        {0x001d, "x25519"},
	        {0x0017, "secp256r1"},
	        {0x0018, "secp384r1"},
	        {0x0019, "secp521r1"},
	        {0x001e, "x448"},
	        {0x0100, "ffdhe2048"},
	        {0x0104, "ffdhe8192"},
	        {0x11ec, "X25519MLKEM768"},
	        {0x11eb, "SecP256r1MLKEM768"},
	        {0x6399, "X25519Kyber768Draft00"},
	        {0x0a0a, SERVER_TLS_GREASE},
	        {0xfafa, SERVER_TLS_GREASE},
	        {0x4a4a, SERVER_TLS_GREASE},
	        /* Not GREASE: the two bytes differ, or the low nibbles are not 0xa. */
	        {0x0a1a, "unassigned or unknown (0x0a1a)"},
	        {0x0b0b, "unassigned or unknown (0x0b0b)"},
	        {0x1234, "unassigned or unknown (0x1234)"},
	        {0x0000, "unassigned or unknown (0x0000)"},
	};
	char buf[SERVER_TLS_NAME_MAX];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		UNIT_CHECK_STR(server_tls_names_group(cases[i].id, buf, sizeof(buf)),
		               cases[i].name);
	UNIT_CHECK_INT(server_tls_names_grease(0x2a2a), 1);
	UNIT_CHECK_INT(server_tls_names_grease(0x2a3a), 0);
	UNIT_CHECK_INT(server_tls_names_grease(0x001d), 0);
}

static void
test_group_ids(void)
{
	UNIT_CHECK_INT(server_tls_names_group_id(NID_X25519), 0x001d);
	UNIT_CHECK_INT(server_tls_names_group_id(NID_X9_62_prime256v1), 0x0017);
	UNIT_CHECK_INT(server_tls_names_group_id(NID_secp384r1), 0x0018);
	UNIT_CHECK_INT(server_tls_names_group_id(NID_ffdhe3072), 0x0101);
	/* OpenSSL 3.0's value for a group it has no NID for: TLSEXT_nid_unknown | code point. */
	UNIT_CHECK_INT(server_tls_names_group_id(0x1000000 | 0x11ec), 0x11ec);
	UNIT_CHECK_INT(server_tls_names_group_id(NID_undef), 0);
	UNIT_CHECK_INT(server_tls_names_group_id(NID_sha256), 0);
}

static void
test_group_text(void)
{
	static const char *const cases[][2] = {
	        {"P-256", "secp256r1"},   {"prime256v1", "secp256r1"},
	        {"X25519", "x25519"},     {"p-384", "secp384r1"},
	        {"X448", "x448"},         {"secp521r1", "secp521r1"},
	        {"nonsense", "nonsense"},
	};
	char buf[SERVER_TLS_NAME_MAX];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		UNIT_CHECK_STR(server_tls_names_group_text(cases[i][0], strlen(cases[i][0]), buf,
		                                           sizeof(buf)),
		               cases[i][1]);
	/* Only len bytes count: "P-256:X25519" names P-256 first. */
	UNIT_CHECK_STR(server_tls_names_group_text("P-256:X25519", 5, buf, sizeof(buf)),
	               "secp256r1");
}

static void
test_suites(void)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	SSL *ssl = ctx ? SSL_new(ctx) : NULL;
	char buf[SERVER_TLS_NAME_MAX];

	UNIT_CHECK(ssl != NULL);
	UNIT_CHECK_STR(server_tls_names_suite(ssl, 0x1301, buf, sizeof(buf)),
	               "TLS_AES_128_GCM_SHA256");
	UNIT_CHECK_STR(server_tls_names_suite(ssl, 0xc02b, buf, sizeof(buf)),
	               "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
	UNIT_CHECK_STR(server_tls_names_suite(ssl, 0xcca8, buf, sizeof(buf)),
	               "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
	UNIT_CHECK_STR(server_tls_names_suite(ssl, 0x00ff, buf, sizeof(buf)),
	               "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
	UNIT_CHECK_STR(server_tls_names_suite(ssl, 0x1a1a, buf, sizeof(buf)), SERVER_TLS_GREASE);
	UNIT_CHECK_STR(server_tls_names_suite(ssl, 0xfefe, buf, sizeof(buf)),
	               "unassigned or unknown (0xfefe)");
	UNIT_CHECK_STR(server_tls_names_suite(NULL, 0x1301, buf, sizeof(buf)),
	               "unassigned or unknown (0x1301)");
	SSL_free(ssl);
	SSL_CTX_free(ctx);
}

int
main(void)
{
	test_groups();
	test_group_ids();
	test_group_text();
	test_suites();
	return unit_done();
}
