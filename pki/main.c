/*
 * https_pki: makes and checks the demo's certificates. main only dispatches;
 * each subcommand lives in its own file, declared in the header of the same
 * name (init.h, issue.h, ...).
 */
#include <stdio.h>
#include <string.h>

#include "badssl.h"
#include "chain.h"
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

static const struct pki_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *about;
} commands[] = {
        {"init", pki_cmd_init, "make the demo chain: root, intermediate, server and client leaves"},
        {"issue", pki_cmd_issue, "key + CSR + signature in one step: a new leaf from a CA"},
        {"key", pki_cmd_key, "generate a private key (P-256, P-384, RSA, Ed25519)"},
        {"csr", pki_cmd_csr, "make a certificate signing request (and its key)"},
        {"sign", pki_cmd_sign, "sign a CSR with a CA, under a profile"},
        {"inspect", pki_cmd_inspect, "show what a certificate, CSR or key holds (--json)"},
        {"verify", pki_cmd_verify,
         "check a certificate as a browser would: issuer, validity, name, usage, policy"},
        {"revoke", pki_cmd_revoke, "record that the CA revokes a certificate (a stolen key)"},
        {"crl", pki_cmd_crl, "sign the CA's certificate revocation lists (CRLs)"},
        {"chain", pki_cmd_chain, "write a full chain (leaf, then intermediates)"},
        {"passwd", pki_cmd_passwd, "change a key's passphrase"},
        {"badssl", pki_cmd_badssl, "make a set of deliberately bad certificates for tests"},
        {"trust", pki_cmd_trust, "add the demo root to a browser's trust store"},
        {"untrust", pki_cmd_untrust, "remove the demo root from a browser's trust store"},
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
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].about);
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
		d = opts_distance(word, strlen(word), commands[i].name);
		if (d < best_d)
			best = i, best_d = d;
	}
	if (word[0] == '-')
		fprintf(stderr, "https_pki: '%s' before a command: options go after it\n", word);
	else
		fprintf(stderr, "https_pki: unknown command '%s'\n", word);
	if (word[0] != '-' && best_d <= 2)
		fprintf(stderr, "fix: did you mean 'https_pki %s'? (try https_pki --help)\n",
		        commands[best].name);
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
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	return unknown_command(argv[1]);
}
