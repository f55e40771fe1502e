/* https_client: fetches an https URL and checks the server's certificate. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "client.h"
#include "fetch.h"
#include "policy_check.h"
#include "report.h"
#include "secret.h"
#include "writeout.h"

int
main(int argc, char **argv)
{
	struct client_config cfg;
	struct client_report rep;
	struct err e, je;

	err_clear(&e);
	memset(&rep, 0, sizeof(rep));
	rep.start = client_now();
	if (client_cli_parse(&cfg, argc, argv, &e) == -1) {
		err_code(&e, DEMO_EXIT_USAGE);
		exits_default_fix(&e, "https_client");
		err_print(stderr, "https_client", &e);
		return DEMO_EXIT_USAGE;
	}
	if (cfg.help || cfg.version)
		return DEMO_EXIT_OK;
	if (cfg.pass != NULL)
		secret_no_core_dumps(); /* the client key's passphrase passes through memory */
	if (cfg.insecure)
		fputs("WARNING: --insecure: certificate checks that fail are reported but do NOT "
		      "stop the connection; anyone on the path can read and change this "
		      "traffic\n",
		      stderr);
	rep.verbose = cfg.verbose;
	rep.url = cfg.url;
	client_policy_settings(cfg.strict, &rep);
	if (client_fetch(&cfg, &rep, &e) == 0)
		e.code = DEMO_EXIT_OK;
	else if (!cfg.silent || cfg.show_error) {
		exits_default_fix(&e, "https_client");
		err_print(stderr, "https_client", &e);
	}
	rep.t_total = client_now() - rep.start;
	rep.exit_code = e.code;
	snprintf(rep.error, sizeof(rep.error), "%s", e.msg);
	snprintf(rep.fix, sizeof(rep.fix), "%s", e.fix);
	err_clear(&je);
	if (cfg.write_out != NULL && client_writeout(cfg.write_out, &rep, &je) == -1) {
		exits_default_fix(&je, "https_client");
		err_print(stderr, "https_client", &je);
		if (e.code == DEMO_EXIT_OK)
			e.code = DEMO_EXIT_FILE;
	}
	err_clear(&je);
	if (cfg.report != NULL && client_report_json(&rep, cfg.report, &je) == -1) {
		exits_default_fix(&je, "https_client");
		err_print(stderr, "https_client", &je);
		if (e.code == DEMO_EXIT_OK)
			return DEMO_EXIT_FILE;
	}
	return e.code;
}
