/* server_core: the command line (defaults, each option, conflicts, usage errors). */
#include <stdint.h>
#include <string.h>

#include "config.h"
#include "server.h"
#include "unit.h"

/* Parses a NULL-terminated list (after the program name); opts_parse may reorder argv. */
static int
parse(const char *const *args, struct server_config *cfg, struct err *e)
{
	static char prog[] = "https_server";
	char *argv[32] = {prog};
	int argc = 1;

	for (; *args != NULL && argc < 31; args++)
		argv[argc++] = (char *)(uintptr_t)*args;
	argv[argc] = NULL;
	err_clear(e);
	return server_config_parse(cfg, argc, argv, e);
}

static void
test_defaults(void)
{
	const char *argv[] = {NULL};
	struct server_config cfg;
	struct err e;

	UNIT_CHECK_INT(parse(argv, &cfg, &e), 0);
	UNIT_CHECK_STR(cfg.bind, "127.0.0.1");
	UNIT_CHECK_INT(cfg.port, 8080);
	UNIT_CHECK_INT(cfg.threads, SERVER_DEFAULT_THREADS);
	UNIT_CHECK_STR(cfg.access_log, "-");
	UNIT_CHECK(strstr(cfg.cert, "certificates/site_public_key.pem") != NULL);
	UNIT_CHECK(strstr(cfg.key, "certificates/site_private_key.pem") != NULL);
	UNIT_CHECK(strstr(cfg.docroot, "server/www") != NULL);
	UNIT_CHECK(cfg.pass == NULL && cfg.client_ca == NULL && cfg.keylog == NULL);
	UNIT_CHECK_INT(cfg.client_cert, SERVER_CLIENT_CERT_NONE);
	UNIT_CHECK_INT(cfg.handshake_ms, SERVER_HANDSHAKE_MS);
	UNIT_CHECK_INT(cfg.head_ms, SERVER_HEAD_MS);
	UNIT_CHECK_INT(cfg.body_ms, SERVER_BODY_MS);
	UNIT_CHECK_INT(cfg.idle_ms, SERVER_IDLE_MS);
}

static void
test_deadlines(void)
{
	const char *argv[] = {"--handshake-timeout",
	                      "1000",
	                      "--head-timeout=2000",
	                      "--body-timeout",
	                      "3000",
	                      "--idle-timeout",
	                      "4000",
	                      NULL};
	struct server_config cfg;
	struct err e;

	UNIT_CHECK_INT(parse(argv, &cfg, &e), 0);
	UNIT_CHECK_INT(cfg.handshake_ms, 1000);
	UNIT_CHECK_INT(cfg.head_ms, 2000);
	UNIT_CHECK_INT(cfg.body_ms, 3000);
	UNIT_CHECK_INT(cfg.idle_ms, 4000);
}

static void
test_options(void)
{
	const char *argv[] = {
	        "--port",   "8443",        "--bind=127.0.0.2", "--cert",        "c.pem",
	        "--key",    "k.pem",       "--pass",           "file:p.txt",    "-d",
	        "www",      "--client-ca", "ca.pem",           "--client-cert", "optional",
	        "--keylog", "keys.log",    "--access-log",     "off",           "-t",
	        "16",       NULL};
	struct server_config cfg;
	struct err e;

	UNIT_CHECK_INT(parse(argv, &cfg, &e), 0);
	UNIT_CHECK_INT(cfg.port, 8443);
	UNIT_CHECK_STR(cfg.bind, "127.0.0.2");
	UNIT_CHECK_STR(cfg.cert, "c.pem");
	UNIT_CHECK_STR(cfg.key, "k.pem");
	UNIT_CHECK_STR(cfg.pass, "file:p.txt");
	UNIT_CHECK_STR(cfg.docroot, "www");
	UNIT_CHECK_STR(cfg.client_ca, "ca.pem");
	UNIT_CHECK_INT(cfg.client_cert, SERVER_CLIENT_CERT_OPTIONAL);
	UNIT_CHECK_STR(cfg.keylog, "keys.log");
	UNIT_CHECK_STR(cfg.access_log, "off");
	UNIT_CHECK_INT(cfg.threads, 16);
}

static void
test_client_ca_defaults_to_required(void)
{
	const char *argv[] = {"--client-ca", "ca.pem", NULL};
	struct server_config cfg;
	struct err e;

	UNIT_CHECK_INT(parse(argv, &cfg, &e), 0);
	UNIT_CHECK_INT(cfg.client_cert, SERVER_CLIENT_CERT_REQUIRED);
}

static const struct {
	const char *args[6]; /* NULL-terminated */
	const char *want;    /* in e.msg */
} bad_cases[] = {
        {{"--port", "0"}, "--port"},
        {{"--port", "65536"}, "--port"},
        {{"--port", "80x"}, "--port"},
        {{"--threads", "1"}, "--threads"},
        {{"--threads", "100000"}, "--threads"},
        {{"--handshake-timeout", "99"}, "--handshake-timeout"},
        {{"--head-timeout", "0"}, "--head-timeout"},
        {{"--body-timeout", "-5"}, "--body-timeout"},
        {{"--idle-timeout", "5s"}, "--idle-timeout"},
        {{"--bind", "::1"}, "IPv4"},
        {{"--bind", "localhost"}, "IPv4"},
        {{"--pass", "hunter2"}, "not a passphrase source"},
        {{"--pass", "pass:hunter2"}, "not a passphrase source"},
        {{"--client-cert", "optional"}, "--client-ca"},
        {{"--client-ca", "x", "--client-cert", "maybe"}, "neither"},
        {{"--bogus"}, "unknown option"},
        {{"--port"}, "--port"},
        {{"operand"}, "unexpected argument"},
};

static void
test_bad(void)
{
	size_t i;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct server_config cfg;
		struct err e;

		UNIT_CHECK_INT(parse(bad_cases[i].args, &cfg, &e), -1);
		UNIT_CHECK_INT(e.code, DEMO_EXIT_USAGE);
		if (strstr(e.msg, bad_cases[i].want) == NULL)
			fprintf(stderr, "case %zu: message '%s' lacks '%s'\n", i, e.msg,
			        bad_cases[i].want);
		UNIT_CHECK(strstr(e.msg, bad_cases[i].want) != NULL);
		UNIT_CHECK(strstr(e.msg, "hunter2") == NULL); /* a mistyped secret is not echoed */
		UNIT_CHECK(e.fix[0] != '\0');
	}
}

int
main(void)
{
	test_defaults();
	test_deadlines();
	test_options();
	test_client_ca_defaults_to_required();
	test_bad();
	return unit_done();
}
