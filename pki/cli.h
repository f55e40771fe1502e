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

/* Prints "usage: https_pki CMD SYNOPSIS", the description and the options. */
void pki_usage(FILE *f, const char *cmd, const char *synopsis, const char *about,
               const struct opt *table);

/*
 * Parses a subcommand's options. Returns the index of the first operand,
 * -1 after printing a usage error (the exit status is then PKI_EXIT_USAGE).
 */
int pki_parse(const struct opt *table, int argc, char **argv, struct err *e);

/* Prints e as "https_pki: msg" (+ "fix:") and returns its exit class. */
int pki_fail(const struct err *e);

/*
 * What a subcommand declares; pki_cmd_main is the frame they all share.
 * run gets the options (opts) and the operands left after them; cleanup, if
 * set, frees what the options hold (it runs on every path, --help included).
 */
struct pki_cmd {
	const char *name, *synopsis, *about;
	int min_operands, max_operands; /* max -1: any number */
	const char *operands;           /* the message when the count is wrong */
	int (*run)(void *opts, int argc, char **argv, struct err *e);
	void (*cleanup)(void *opts);
};

/*
 * Parses argv (argv[0] is the subcommand) with table, answers --help (when
 * *help is set) from it, checks the operand count, calls c->run, prints the
 * error if any, always calls c->cleanup. Returns the process exit status.
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
