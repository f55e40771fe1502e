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
 * A subcommand, declared once (one row each, listed in main.c); pki_cmd_main
 * is the frame they all share. options fill opts (the command's own struct,
 * at file scope: zero or its defaults); the frame adds --help. run gets opts
 * and the operands left after the options; it returns 0, -1 with e set, or an
 * exit status above 0 for failures it has printed itself (trust, one line per
 * store). cleanup, if set, frees what the options hold (it runs on every
 * path, --help included).
 *
 * usage and check are for a command with a help page of its own (trust,
 * untrust); both may be NULL. usage prints --help instead of synopsis and
 * about, and then usage errors end with "try: https_pki CMD --help" under
 * the message instead of a fix line. check rejects, before run, operands
 * and options that do not go together (a usage error).
 */
struct pki_cmd {
	const char *name, *summary; /* summary: its line in `https_pki --help` */
	const char *synopsis, *about;
	const struct opt *options; /* ends with {.name = NULL}; at most PKI_CMD_OPTIONS_MAX */
	void *opts;
	int min_operands, max_operands; /* max -1: any number */
	const char *operands;           /* the message when the count is wrong */
	int (*run)(void *opts, int argc, char **argv, struct err *e);
	void (*cleanup)(void *opts);
	void (*usage)(FILE *f, const char *cmd, const struct opt *table);
	int (*check)(void *opts, int argc, char **argv, struct err *e);
};

#define PKI_CMD_OPTIONS_MAX 24

/* The option rows several subcommands share (each with its own help line). */
#define PKI_OPT_PASS(target, help)                                        \
	{                                                                 \
		"pass", 0, "SOURCE", help, OPT_STRING, target, 0, 0, NULL \
	}
#define PKI_OPT_NO_PASS(target, help)                                        \
	{                                                                    \
		"no-passphrase", 0, NULL, help, OPT_FLAG, target, 0, 0, NULL \
	}
#define PKI_OPT_OUT(target, help)                                        \
	{                                                                \
		"out", 'o', "FILE", help, OPT_STRING, target, 0, 0, NULL \
	}
#define PKI_OPT_FORCE(target, help)                                    \
	{                                                              \
		"force", 'f', NULL, help, OPT_FLAG, target, 0, 0, NULL \
	}
#define PKI_OPT_SAN(target, arg, help)                                   \
	{                                                                \
		"san", 0, arg, help, OPT_FUNC, target, 0, 0, pki_opt_san \
	}
#define PKI_OPT_CA_DIR(target)                                                                   \
	{                                                                                        \
		"ca-dir", 0, "DIR", "the CA folder (init's DIR/private_ca)", OPT_STRING, target, \
		        0, 0, NULL                                                               \
	}
#define PKI_OPT_NOT_BEFORE(target)                                                                 \
	{                                                                                          \
		"not-before", 0, "TIME", "start of validity (UTC)", OPT_STRING, target, 0, 0, NULL \
	}
#define PKI_OPT_NOT_AFTER(target)                                                               \
	{                                                                                       \
		"not-after", 0, "TIME", "end of validity (UTC)", OPT_STRING, target, 0, 0, NULL \
	}
#define PKI_OPT_END          \
	{                    \
		.name = NULL \
	}

/*
 * Parses argv (argv[0] is the subcommand) with c->options and --help,
 * answers --help, checks the operand count and c->check, calls c->run, prints
 * the error if any (usage errors exit DEMO_EXIT_USAGE), always calls
 * c->cleanup. Returns the process exit status.
 */
int pki_cmd_main(const struct pki_cmd *c, int argc, char **argv);

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
