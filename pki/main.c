/*
 * https_pki: makes and checks the demo's certificates. main only dispatches;
 * each subcommand lives in its own file, declared in the header of the same
 * name (init.h, issue.h, ...) as one row (struct pki_cmd, cli.h) that the
 * shared frame, pki_cmd_main, runs.
 */
#include <stdio.h>
#include <string.h>

#include "badssl.h"
#include "chain.h"
#include "cli.h"
#include "crl.h"
#include "csr.h"
#include "exits.h"
#include "init.h"
#include "inspect.h"
#include "issue.h"
#include "key.h"
#include "opts.h"
#include "passwd.h"
#include "pki.h"
#include "revoke.h"
#include "secret.h"
#include "sign.h"
#include "trust.h"
#include "verify.h"

/* Every subcommand, in the order of --help; each row lives in the file of its command. */
static const struct pki_cmd *const commands[] = {
        &pki_init_cmd,    &pki_issue_cmd,  &pki_key_cmd,    &pki_csr_cmd,     &pki_sign_cmd,
        &pki_inspect_cmd, &pki_verify_cmd, &pki_revoke_cmd, &pki_crl_cmd,     &pki_chain_cmd,
        &pki_passwd_cmd,  &pki_badssl_cmd, &pki_trust_cmd,  &pki_untrust_cmd,
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *f)
{
	size_t i;

	fputs("usage: https_pki COMMAND [OPTIONS]   (https_pki COMMAND --help for its options)\n\n"
	      "commands:\n",
	      f);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\nPassphrases never go on the command line: --pass takes file:PATH, env:VAR,\n"
	      "fd:N or prompt.\n\n",
	      f);
	exits_usage(f, DEMO_PROG_PKI);
}

/* "did you mean" for a mistyped command (or an option given before one). */
static int
unknown_command(const char *word)
{
	size_t i, d, best = 0, best_d = (size_t)-1;

	for (i = 0; i < NCOMMANDS; i++) {
		d = opts_distance(word, strlen(word), commands[i]->name);
		if (d < best_d)
			best = i, best_d = d;
	}
	if (word[0] == '-')
		fprintf(stderr, "https_pki: '%s' before a command: options go after it\n", word);
	else
		fprintf(stderr, "https_pki: unknown command '%s'\n", word);
	if (word[0] != '-' && best_d <= 2)
		fprintf(stderr, "fix: did you mean 'https_pki %s'? (try https_pki --help)\n",
		        commands[best]->name);
	else
		fputs("fix: https_pki COMMAND [OPTIONS]; try https_pki --help\n", stderr);
	return DEMO_EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	size_t i;

	/* Keys and passphrases pass through our memory: keep them out of core files. */
	secret_no_core_dumps();
	if (argc < 2) {
		usage(stderr);
		return DEMO_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return DEMO_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("https_pki %s\n", HTTPS_DEMO_VERSION);
		return DEMO_EXIT_OK;
	}
	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i]->name) == 0)
			return pki_cmd_main(commands[i], argc - 1, argv + 1);
	return unknown_command(argv[1]);
}
