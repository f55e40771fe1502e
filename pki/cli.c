/* What every subcommand does alike: the frame (options, --help, operands, errors, cleanup),
 * passphrases, --san. */
#include "cli.h"

#include <string.h>

#include <openssl/err.h>

#include "defaults.h"
#include "err.h"
#include "names.h"
#include "opts.h"
#include "passphrase.h"
#include "pki.h"
#include "secret.h"

/* Prints "usage: https_pki CMD SYNOPSIS", the description and the options. */
static void
pki_usage(FILE *f, const char *cmd, const char *synopsis, const char *about,
          const struct opt *table)
{
	fprintf(f, "usage: https_pki %s %s\n\n%s\n\noptions:\n", cmd, synopsis, about);
	opts_usage(f, table);
}

/* The subcommand running, for the default fix lines of pki_fail. */
static const char *cli_cmd_name = "COMMAND";

int
pki_fail(const struct err *e)
{
	struct err shown = *e;
	char prog[64];

	snprintf(prog, sizeof(prog), "https_pki %s", cli_cmd_name);
	exits_default_fix(&shown, prog);
	err_print(stderr, "https_pki", &shown);
	return e->code ? e->code : DEMO_EXIT_INTERNAL;
}

/* Prints a usage error and says where the help is; returns DEMO_EXIT_USAGE. */
static int
cmd_usage_error(const struct pki_cmd *c, struct err *e)
{
	if (c->usage != NULL) {
		err_print(stderr, "https_pki", e);
		fprintf(stderr, "try: https_pki %s --help\n", c->name);
		return DEMO_EXIT_USAGE;
	}
	err_code(e, DEMO_EXIT_USAGE);
	if (strncmp(e->fix, "did you mean", 12) != 0)
		err_fix(e, "try https_pki %s --help", c->name);
	return pki_fail(e);
}

/* Copies c's options into table and adds --help (target help); -1 if they do not fit. */
static int
cmd_table(const struct pki_cmd *c, struct opt *table, int *help)
{
	const struct opt help_row = {"help", 'h', NULL, "show this help", OPT_FLAG, help,
	                             0,      0,   NULL};
	const struct opt end = PKI_OPT_END;
	size_t n = 0;

	for (n = 0; c->options != NULL && c->options[n].name != NULL; n++) {
		if (n == PKI_CMD_OPTIONS_MAX)
			return -1;
		table[n] = c->options[n];
	}
	table[n] = help_row;
	table[n + 1] = end;
	return 0;
}

int
pki_cmd_main(const struct pki_cmd *c, int argc, char **argv)
{
	struct opt table[PKI_CMD_OPTIONS_MAX + 2];
	struct err e;
	int first, n, help = 0, rc = DEMO_EXIT_OK;

	err_clear(&e);
	cli_cmd_name = c->name;
	if (cmd_table(c, table, &help) == -1) {
		err_set(&e, "%s declares more than %d options", c->name, PKI_CMD_OPTIONS_MAX);
		rc = pki_fail(&e);
		goto done;
	}
	if ((first = opts_parse(table, argc, argv, &e)) == -1)
		goto usage;
	if (help) {
		if (c->usage != NULL)
			c->usage(stdout, c->name, table);
		else
			pki_usage(stdout, c->name, c->synopsis, c->about, table);
		goto done;
	}
	n = argc - first;
	if (n < c->min_operands || (c->max_operands >= 0 && n > c->max_operands)) {
		if (c->max_operands == 0)
			err_set(&e, "%s takes no operands ('%s')", c->name, argv[first]);
		else
			err_set(&e, "%s", c->operands);
		goto usage;
	}
	if (c->check != NULL && c->check(c->opts, n, argv + first, &e) == -1)
		goto usage;
	if ((rc = c->run(c->opts, n, argv + first, &e)) == -1)
		rc = pki_fail(&e);
	goto done;
usage:
	rc = cmd_usage_error(c, &e);
done:
	if (c->cleanup != NULL)
		c->cleanup(c->opts);
	return rc;
}

static int
check_length(int len, const char *what, char *buf, size_t size, struct err *e)
{
	if (len >= DEMO_PASSPHRASE_MIN)
		return len;
	secret_wipe(buf, size);
	err_code(e, DEMO_EXIT_USAGE);
	err_set(e, "the passphrase for %s is too short (at least %d characters)", what,
	        DEMO_PASSPHRASE_MIN);
	return err_fix(e, "choose a passphrase of %d characters or more", DEMO_PASSPHRASE_MIN);
}

int
pki_pass_new(const char *source, const char *what, char *buf, size_t size, struct err *e)
{
	char prompt[200];
	int len;

	snprintf(prompt, sizeof(prompt), "New pass phrase for %s: ", what);
	/* On failure passphrase_read has set the shared class (2, 6 or 24) and a fix. */
	if ((len = passphrase_read(source, prompt, 1, buf, size, e)) == -1)
		return -1;
	return check_length(len, what, buf, size, e);
}

int
pki_pass_open(const char *source, const char *what, char *buf, size_t size, struct err *e)
{
	char prompt[200];

	snprintf(prompt, sizeof(prompt), "Enter pass phrase for %s: ", what);
	/* On failure passphrase_read has set the shared class (2, 6 or 24) and a fix. */
	return passphrase_read(source, prompt, 0, buf, size, e);
}

void
pki_warn_unencrypted(const char *path)
{
	fprintf(stderr,
	        "WARNING: %s is written WITHOUT a passphrase (--no-passphrase): anyone who "
	        "can read the file has the key.\n",
	        path);
}

int
pki_opt_san(const char *arg, void *ctx, struct err *e)
{
	return pki_sans_add(ctx, arg, e);
}

void
pki_err_openssl(struct err *e)
{
	unsigned long code = ERR_get_error();
	char buf[256];
	size_t len = strlen(e->msg);

	if (code != 0) {
		ERR_error_string_n(code, buf, sizeof(buf));
		snprintf(e->msg + len, sizeof(e->msg) - len, " (%s)", buf);
	}
	ERR_clear_error();
}
