/*
 * Unit tests for the client's TLS option checks (--ciphers, --pinnedpubkey,
 * --curves), the command line and the exit-code table. The name-constraint
 * check has its own test, test_client_nc.c.
 */
#include <stdlib.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include "cli.h"
#include "client.h"
#include "tls.h"
#include "tls_opts.h"
#include "unit.h"

static void
test_ciphers(void)
{
	static const struct {
		const char *list;
		int insecure, ok;
	} cases[] = {
	        {"ECDHE-ECDSA-AES128-GCM-SHA256", 0, 1},
	        {"ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384", 0, 1},
	        {"AES128-SHA", 0, 0},
	        {"AES128-SHA", 1, 1},
	        {"ECDHE-RSA-AES128-SHA", 0, 0},
	        {"DHE-RSA-AES128-GCM-SHA256", 0, 0},
	        {"ADH-AES128-SHA", 1, 0},
	        {"AECDH-NULL-SHA", 1, 0},
	        {"ECDHE-ECDSA-NULL-SHA", 1, 0},
	        {"PSK-AES128-GCM-SHA256", 1, 0},
	        {"", 0, 0},
	};
	struct err e;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = client_tls_check_ciphers(cases[i].list, cases[i].insecure, &e);
		UNIT_CHECK_INT(rc == 0, cases[i].ok);
		if (rc != 0)
			UNIT_CHECK_INT(e.code, DEMO_EXIT_USAGE);
	}
}

static void
test_pins(void)
{
	unsigned char pins[CLIENT_PINS_MAX][32];
	/* 32 bytes 0x00..0x1f in base64 */
	const char *one = "sha256//AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
	char two[200];
	struct err e;

	UNIT_CHECK_INT(client_tls_parse_pins(one, pins, CLIENT_PINS_MAX, &e), 1);
	UNIT_CHECK_INT(pins[0][31], 0x1f);
	snprintf(two, sizeof(two), "%s;%s", one, one);
	UNIT_CHECK_INT(client_tls_parse_pins(two, pins, CLIENT_PINS_MAX, &e), 2);
	UNIT_CHECK_INT(client_tls_parse_pins("sha256//AAEC", pins, CLIENT_PINS_MAX, &e), -1);
	UNIT_CHECK_INT(client_tls_parse_pins("md5//AAEC", pins, CLIENT_PINS_MAX, &e), -1);
	UNIT_CHECK_INT(client_tls_parse_pins("/path/to/key.pem", pins, CLIENT_PINS_MAX, &e), -1);
	UNIT_CHECK_INT(client_tls_parse_pins("", pins, CLIENT_PINS_MAX, &e), -1);
	UNIT_CHECK_INT(client_tls_parse_pins(two, pins, 1, &e), -1);
}

static void
test_curves(void)
{
	int g[8];
	struct err e;

	UNIT_CHECK_INT(client_tls_parse_curves("X25519:P-256", g, 8, &e), 2);
	UNIT_CHECK_INT(g[0], WOLFSSL_ECC_X25519);
	UNIT_CHECK_INT(g[1], WOLFSSL_ECC_SECP256R1);
	UNIT_CHECK_INT(client_tls_parse_curves("prime256v1,P-384", g, 8, &e), 2);
	UNIT_CHECK_INT(client_tls_parse_curves("ffdhe2048", g, 8, &e), -1);
	UNIT_CHECK_INT(client_tls_parse_curves("X25519:", g, 8, &e), 1);
	UNIT_CHECK_INT(client_tls_parse_curves("", g, 8, &e), -1);
	UNIT_CHECK_INT(client_tls_parse_curves("X25519:X25519", g, 1, &e), -1);
}

static int
cli(struct client_config *cfg, const char *const *args, struct err *e)
{
	char *argv[32];
	int argc = 0;

	argv[argc++] = (char *)"https_client";
	for (; *args != NULL; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	err_clear(e);
	return client_cli_parse(cfg, argc, argv, e);
}

static void
test_cli(void)
{
	static const char *const ok1[] = {"-v",
	                                  "--tls1.2",
	                                  "--ciphers",
	                                  "ECDHE-ECDSA-AES128-GCM-SHA256",
	                                  "-H",
	                                  "X: 1",
	                                  "-H",
	                                  "Y: 2",
	                                  "--max-time",
	                                  "2.5",
	                                  "--max-filesize",
	                                  "2K",
	                                  "https://localhost/",
	                                  NULL};
	static const char *const none[] = {NULL};
	static const char *const two[] = {"https://a/", "https://b/", NULL};
	static const char *const tls[] = {"--tls1.3", "--tls-max", "1.2", "https://a/", NULL};
	static const char *const ciph[] = {"--ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256",
	                                   "https://a/", NULL};
	static const char *const key[] = {"--key", "k.pem", "https://a/", NULL};
	static const char *const headd[] = {"-I", "-d", "x", "https://a/", NULL};
	static const char *const unknown[] = {"--frobnicate", "https://a/", NULL};
	static const char *const badtime[] = {"--connect-timeout", "-1", "https://a/", NULL};
	static const char *const max12[] = {"--tls-max", "1.2", "https://a/", NULL};
	struct client_config cfg;
	struct err e;

	UNIT_CHECK_INT(cli(&cfg, ok1, &e), 0);
	UNIT_CHECK_INT(cfg.verbose, 1);
	UNIT_CHECK_INT(cfg.tls_min, CLIENT_TLS12);
	UNIT_CHECK_INT(cfg.tls_max, CLIENT_TLS13);
	UNIT_CHECK_INT(cfg.nheaders, 2);
	UNIT_CHECK_INT(cfg.max_time_ms, 2500);
	UNIT_CHECK_INT(cfg.max_filesize, 2048);
	UNIT_CHECK_STR(cfg.url, "https://localhost/");
	UNIT_CHECK_INT(cli(&cfg, max12, &e), 0);
	UNIT_CHECK_INT(cfg.tls_min, CLIENT_TLS12);
	UNIT_CHECK_INT(cfg.tls_max, CLIENT_TLS12);
	UNIT_CHECK_INT(cli(&cfg, none, &e), -1);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_USAGE);
	UNIT_CHECK_STR(e.fix, "try --help");
	UNIT_CHECK_INT(cli(&cfg, two, &e), -1);
	UNIT_CHECK_INT(cli(&cfg, tls, &e), -1);
	UNIT_CHECK_INT(cli(&cfg, ciph, &e), -1);
	UNIT_CHECK_INT(cli(&cfg, key, &e), -1);
	UNIT_CHECK_INT(cli(&cfg, headd, &e), -1);
	UNIT_CHECK_INT(cli(&cfg, unknown, &e), -1);
	UNIT_CHECK_INT(e.code, DEMO_EXIT_USAGE);
	UNIT_CHECK_INT(cli(&cfg, badtime, &e), -1);
}

/* Every code the client returns is in the shared table, marked as the client's. */
static void
test_exit_table(void)
{
	static const int used[] = {0,  1,  2,  3,  4,  5,  6,  10, 11, 12, 13, 14,
	                           15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25};
	const struct demo_exit_row *r;
	size_t i;

	for (i = 0; i < sizeof(used) / sizeof(used[0]); i++) {
		for (r = exits_table(); r->meaning != NULL && r->code != used[i]; r++)
			;
		UNIT_CHECK(r->meaning != NULL && (r->progs & DEMO_PROG_CLIENT) != 0);
	}
}

int
main(void)
{
	test_ciphers();
	test_pins();
	test_curves();
	test_cli();
	test_exit_table();
	return unit_done();
}
