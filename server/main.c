/* https_server: serves the demo pages over HTTPS with civetweb (see docs/server.md). */
#include <stdio.h>

#include <civetweb.h>
#include <openssl/crypto.h>

#include "config.h"
#include "server.h"

int
main(int argc, char **argv)
{
	struct server_config cfg;
	struct err e;

	err_clear(&e);
	if (server_config_parse(&cfg, argc, argv, &e) == -1) {
		err_code(&e, DEMO_EXIT_USAGE);
		exits_default_fix(&e, "https_server");
		err_print(stderr, "https_server", &e);
		return DEMO_EXIT_USAGE;
	}
	if (cfg.help) {
		server_config_usage(stdout);
		return DEMO_EXIT_OK;
	}
	if (cfg.version) {
		printf("https_server %s (civetweb %s, %s)\n", HTTPS_DEMO_VERSION, mg_version(),
		       OpenSSL_version(OPENSSL_VERSION));
		return DEMO_EXIT_OK;
	}
	if (server_run(&cfg, &e) == -1) {
		exits_default_fix(&e, "https_server");
		err_print(stderr, "https_server", &e);
		return e.code != 0 ? e.code : DEMO_EXIT_INTERNAL;
	}
	return DEMO_EXIT_OK;
}
