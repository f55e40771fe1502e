/*
 * What every subcommand does alike (cli.c): the frame (options, --help,
 * operands, errors, cleanup), passphrases, --san, OpenSSL errors.
 */
#ifndef PKI_CLI_H
#define PKI_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

struct opt;

/* Prints e as "https_pki: msg" (+ "fix:") and returns its exit class. */
int pki_fail(const struct err *e);

/*
 * What a subcommand declares; pki_cmd_main is the frame they all share.
 * run gets the options (opts) and the operands left after them; it returns
 * 0, -1 with e set, or an exit status above 0 for failures it has printed
 * itself (trust, one line per store). cleanup, if set, frees what the
 * options hold (it runs on every path, --help included).
 *
 * usage and check are for a command with a help page of its own (trust,
 * untrust); both may be NULL. usage prints --help instead of synopsis and
 * about, and then usage errors end with "try: https_pki CMD --help" under
 * the message instead of a fix line. check rejects, before run, operands
 * and options that do not go together (a usage error).
 */
struct pki_cmd {
	const char *name, *synopsis, *about;
	int min_operands, max_operands; /* max -1: any number */
	const char *operands;           /* the message when the count is wrong */
	int (*run)(void *opts, int argc, char **argv, struct err *e);
	void (*cleanup)(void *opts);
	void (*usage)(FILE *f, const char *cmd, const struct opt *table);
	int (*check)(void *opts, int argc, char **argv, struct err *e);
};

/*
 * Parses argv (argv[0] is the subcommand) with table, answers --help (when
 * *help is set) from it, checks the operand count and c->check, calls
 * c->run, prints the error if any (usage errors exit DEMO_EXIT_USAGE), always
 * calls c->cleanup. Returns the process exit status.
 */
int pki_cmd_main(const struct pki_cmd *c, const struct opt *table, const int *help, void *opts,
                 int argc, char **argv);

/*
 * Reads a passphrase for a new key from source (prompt asks twice), and checks
 * its length (DEMO_PASSPHRASE_MIN..MAX). buf holds DEMO_PASSPHRASE_MAX + 1.
 */
int pki_pass_new(const char *source, const char *what, char *buf, size_t size, struct err *e);

/* Reads a passphrase to open an existing key. */
int pki_pass_open(const char *source, const char *what, char *buf, size_t size, struct err *e);

/* Prints the loud warning for --no-passphrase. */
void pki_warn_unencrypted(const char *path);

/* OPT_FUNC target for a repeatable --san. */
int pki_opt_san(const char *arg, void *ctx, struct err *e);

/* Appends the first OpenSSL error (if any) to e's message and clears the queue. */
void pki_err_openssl(struct err *e);

#endif
