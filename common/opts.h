/*
 * Command-line options declared once, in a table that drives both parsing
 * and --help (as OpenBSD's openssl(1) does).
 *
 *   static const struct opt server_opts[] = {
 *       { .name = "port", .short_name = 'p', .arg = "N", .help = "port to listen on",
 *         .kind = OPT_INT, .target = &cfg.port, .min = 1, .max = 65535 },
 *       { .name = "verbose", .short_name = 'v', .help = "more output",
 *         .kind = OPT_COUNT, .target = &cfg.verbose },
 *       { .name = NULL },
 *   };
 *
 * Accepted forms: --name VALUE, --name=VALUE, -n VALUE, -nVALUE, bundled
 * short options as getopt reads them (-sS, -vk, -sSo FILE), and "--" to end
 * the options. An unknown long option gets a "did you mean" fix line. Arguments that are not options are left in argv for
 * the caller (in order, starting at the returned index).
 */
#ifndef DEMO_OPTS_H
#define DEMO_OPTS_H

#include <stdio.h>

#include "err.h"

enum opt_kind {
	OPT_FLAG,   /* int *target = 1 */
	OPT_COUNT,  /* int *target += 1 (e.g. -v -v) */
	OPT_STRING, /* const char **target = arg (the last one wins) */
	OPT_INT,    /* long *target = arg, checked against [min, max] */
	OPT_FUNC,   /* fn(arg or NULL, ctx, e) is called; for repeatable options */
};

struct opt {
	const char *name; /* long name without "--"; NULL ends the table */
	char short_name;  /* 0 when none */
	const char *arg;  /* argument's name in --help; NULL when it takes none */
	const char *help; /* one line */
	enum opt_kind kind;
	void *target;
	long min, max;                                        /* OPT_INT bounds */
	int (*fn)(const char *arg, void *ctx, struct err *e); /* OPT_FUNC */
};

/*
 * Parses argv[1..] against table. Options and operands may be mixed; operands
 * are moved, in order, to the end of argv and the index of the first one is
 * returned (argc when there are none). Returns -1 with e set on an unknown
 * option, a missing or malformed argument, or a failing OPT_FUNC.
 * "--help"/"-h" must be declared in the table like any other flag.
 */
int opts_parse(const struct opt *table, int argc, char **argv, struct err *e);

/*
 * The option in table nearest to the len first characters of name (edit
 * distance, or a prefix), or NULL when none is close. For "did you mean".
 */
const char *opts_suggest(const struct opt *table, const char *name, size_t len);

/* Edit distance between the la first characters of a and b (63 at most of each). */
size_t opts_distance(const char *a, size_t la, const char *b);

/* Prints one aligned line per option ("  -p, --port N   help"). */
void opts_usage(FILE *f, const struct opt *table);

#endif
